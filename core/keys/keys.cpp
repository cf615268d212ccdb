#include "keys/keys.h"

#include <QDir>
#include <QFile>
#include <QFileDevice>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStringList>
#include <QtGlobal>

#include <sodium.h>

namespace lw::keys {

namespace {

bool initSodium()
{
    static const bool ok = sodium_init() >= 0;
    return ok;
}

bool validUserName(const QString &user)
{
    if (user.isEmpty() || user.size() > 64)
        return false;
    for (const QChar c : user) {
        if (!(c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-') ||
              c == QLatin1Char('.')))
            return false;
    }
    return !user.startsWith(QLatin1Char('.'));
}

} // namespace

QString keyDirectory()
{
    const QString env = qEnvironmentVariable("LOADWRIGHT_KEY_DIR");
    if (!env.isEmpty())
        return env;
    // ~/.config/loadwright/keys whatever the program's application name: the CLI and the GUI (and
    // the README) agree on one folder.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/loadwright/keys");
}

QString keyFilePath(const QString &user)
{
    const QString path = keyDirectory() + QLatin1Char('/') + user + QStringLiteral(".key");
    if (QFileInfo::exists(path) || !qEnvironmentVariableIsEmpty("LOADWRIGHT_KEY_DIR"))
        return path;
    // Keys created before the folder was fixed live under the application's own config folder
    // (~/.config/Loadwright/Loadwright/keys): still found there.
    const QString legacy = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
                           QStringLiteral("/keys/") + user + QStringLiteral(".key");
    return QFileInfo::exists(legacy) ? legacy : path;
}

namespace {

std::optional<KeyPair> loadKeyFile(const QString &path, QString *error);
std::optional<KeyPair> createKeyFile(const QString &path, QString *error);

} // namespace

std::optional<KeyPair> loadKeyPair(const QString &user, QString *error)
{
    if (!initSodium()) {
        *error = QStringLiteral("libsodium could not be initialised");
        return std::nullopt;
    }
    if (!validUserName(user)) {
        *error = QStringLiteral("'%1' is not a valid user name (letters, digits, '_', '-', '.')").arg(user);
        return std::nullopt;
    }
    const QString path = keyFilePath(user);
    if (!QFile::exists(path)) {
        *error = QStringLiteral("no private key for %1 (expected %2)").arg(user, path);
        return std::nullopt;
    }
    return loadKeyFile(path, error);
}

std::optional<KeyPair> loadOrCreateMachineKey(const QString &workspaceId, QString *error)
{
    if (!initSodium()) {
        *error = QStringLiteral("libsodium could not be initialised");
        return std::nullopt;
    }
    if (workspaceId.isEmpty() || !validUserName(workspaceId)) {
        *error = QStringLiteral("the workspace has no valid id (setting workspace.id)");
        return std::nullopt;
    }
    const QString path = keyDirectory() + QStringLiteral("/machine/") + workspaceId + QStringLiteral(".key");
    if (QFile::exists(path))
        return loadKeyFile(path, error);
    if (QDir().mkpath(keyDirectory()))
        QFile::setPermissions(keyDirectory(),
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return createKeyFile(path, error);
}

QString keyFingerprint(const QByteArray &publicKey)
{
    return QString::fromLatin1(publicKey.toHex().left(16));
}

namespace {

std::optional<KeyPair> loadKeyFile(const QString &path, QString *error)
{
    QFile file(path);
    const QFileDevice::Permissions open =
        QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (file.permissions() & open) {
        *error = QStringLiteral("the private key %1 is readable by others; run 'chmod 600 %1'").arg(path);
        return std::nullopt;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray secret = QByteArray::fromHex(file.readAll().trimmed());
    if (secret.size() != int(crypto_sign_SECRETKEYBYTES)) {
        *error = QStringLiteral("%1 is not a Loadwright private key").arg(path);
        return std::nullopt;
    }
    KeyPair pair;
    pair.secretKey = secret;
    pair.publicKey.resize(crypto_sign_PUBLICKEYBYTES);
    crypto_sign_ed25519_sk_to_pk(reinterpret_cast<unsigned char *>(pair.publicKey.data()),
                                 reinterpret_cast<const unsigned char *>(secret.constData()));
    return pair;
}

std::optional<KeyPair> createKeyFile(const QString &path, QString *error)
{
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir)) {
        *error = QStringLiteral("cannot create the key directory %1").arg(dir);
        return std::nullopt;
    }
    QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    KeyPair pair;
    pair.publicKey.resize(crypto_sign_PUBLICKEYBYTES);
    pair.secretKey.resize(crypto_sign_SECRETKEYBYTES);
    crypto_sign_keypair(reinterpret_cast<unsigned char *>(pair.publicKey.data()),
                        reinterpret_cast<unsigned char *>(pair.secretKey.data()));
    QFile file(path);
    // Restrict before writing, so the secret is never in a file others can read.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(pair.secretKey.toHex() + '\n') < 0 || !file.flush()) {
        *error = QStringLiteral("cannot write the private key %1: %2").arg(path, file.errorString());
        file.remove();
        return std::nullopt;
    }
    return pair;
}

} // namespace

std::optional<KeyPair> loadOrCreateKeyPair(const QString &user, bool *created, QString *error)
{
    *created = false;
    if (!validUserName(user)) {
        *error = QStringLiteral("'%1' is not a valid user name (letters, digits, '_', '-', '.')").arg(user);
        return std::nullopt;
    }
    const QString path = keyFilePath(user);
    if (QFile::exists(path))
        return loadKeyPair(user, error);
    if (!initSodium()) {
        *error = QStringLiteral("libsodium could not be initialised");
        return std::nullopt;
    }
    const auto pair = createKeyFile(path, error);
    if (!pair)
        return std::nullopt;
    *created = true;
    return pair;
}

QByteArray sign(const QByteArray &message, const QByteArray &secretKey)
{
    initSodium();
    QByteArray signature(crypto_sign_BYTES, '\0');
    if (secretKey.size() != int(crypto_sign_SECRETKEYBYTES))
        return {};
    crypto_sign_detached(reinterpret_cast<unsigned char *>(signature.data()), nullptr,
                         reinterpret_cast<const unsigned char *>(message.constData()),
                         static_cast<unsigned long long>(message.size()),
                         reinterpret_cast<const unsigned char *>(secretKey.constData()));
    return signature;
}

bool verify(const QByteArray &message, const QByteArray &signature, const QByteArray &publicKey)
{
    if (!initSodium() || signature.size() != int(crypto_sign_BYTES) ||
        publicKey.size() != int(crypto_sign_PUBLICKEYBYTES))
        return false;
    return crypto_sign_verify_detached(reinterpret_cast<const unsigned char *>(signature.constData()),
                                       reinterpret_cast<const unsigned char *>(message.constData()),
                                       static_cast<unsigned long long>(message.size()),
                                       reinterpret_cast<const unsigned char *>(publicKey.constData())) == 0;
}

QByteArray canonicalMessage(const char *tag, const QStringList &fields)
{
    QByteArray out(tag);
    out += '\n';
    for (const QString &f : fields) {
        const QByteArray utf8 = f.toUtf8();
        out += QByteArray::number(utf8.size()) + ':' + utf8 + '\n';
    }
    return out;
}

} // namespace lw::keys
