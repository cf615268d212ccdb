#pragma once

// Ed25519 keys of workspace users (libsodium). The private key of NAME lives in
// keyDirectory()/NAME.key (hex of libsodium's 64-byte secret key, mode 0600); the workspace holds
// only the public key. Thread-safe (libsodium is initialised once).

#include <QByteArray>
#include <QString>

#include <optional>

namespace lw::keys {

// $LOADWRIGHT_KEY_DIR when set (tests), else ~/.config/loadwright/keys (GenericConfigLocation);
// keyFilePath() still finds a key only kept in the folder used before (~/.config/Loadwright/...).
QString keyDirectory();
QString keyFilePath(const QString &user);

struct KeyPair
{
    QByteArray publicKey; // 32 bytes
    QByteArray secretKey; // 64 bytes
};

// The user's key pair from the key directory, or nullopt with *error saying why (missing, unreadable,
// too open permissions, malformed).
std::optional<KeyPair> loadKeyPair(const QString &user, QString *error);
// Loads the user's key pair, or creates one (crypto_sign_keypair) and writes it with mode 0600.
std::optional<KeyPair> loadOrCreateKeyPair(const QString &user, bool *created, QString *error);

// The key this machine signs a workspace's audit entries with when the acting user's own key is not
// at hand: keyDirectory()/machine/<workspace id>.key (mode 0600), created on first use.
std::optional<KeyPair> loadOrCreateMachineKey(const QString &workspaceId, QString *error);
// How keys are shown to people: the first 16 hex digits of the public key.
QString keyFingerprint(const QByteArray &publicKey);

QByteArray sign(const QByteArray &message, const QByteArray &secretKey); // 64-byte detached signature
bool verify(const QByteArray &message, const QByteArray &signature, const QByteArray &publicKey);

// A message whose fields cannot run into each other: "tag\n" then "<byte length>:<utf8>\n" per field.
QByteArray canonicalMessage(const char *tag, const QStringList &fields);

} // namespace lw::keys
