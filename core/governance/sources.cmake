# core/governance: users and Ed25519 keys (libsodium), the approval policy, signed approvals and the
# run gate, the hash-chained audit log; and their `loadwright` commands.
target_sources(lw_core PRIVATE
  governance/keys.h governance/keys.cpp
  governance/clock.h
  governance/auditlog.h governance/auditlog.cpp
  governance/users.h governance/users.cpp
  governance/policy.h governance/policy.cpp
  governance/approvals.h governance/approvals.cpp
  governance/approvalgate.h governance/approvalgate.cpp
  governance/signoffrequest.h governance/signoffrequest.cpp
  cli/governancecommands.h cli/governancecommands.cpp)
target_link_libraries(lw_core PRIVATE PkgConfig::SODIUM)
