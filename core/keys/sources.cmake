# core/keys: the Ed25519 keys of workspace users (libsodium): the private key in the user's key
# directory, signatures and canonical messages for approvals, users, policy and the audit trail.
target_sources(lw_keys PRIVATE keys/keys.h keys/keys.cpp)
