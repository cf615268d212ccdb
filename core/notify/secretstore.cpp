#include "notify/secretstore.h"

#include <qt6keychain/keychain.h>

#include <QEventLoop>
#include <QTimer>

namespace lw::notify {

namespace {

constexpr int kKeychainTimeoutMs = 15000;

// Runs a job to its end; true when it finished without error. *code is its QKeychain::Error.
bool runJob(QKeychain::Job &job, QKeychain::Error *code, QString *message)
{
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    QEventLoop loop;
    bool done = false;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&] {
        done = true;
        loop.quit();
    });
    QTimer::singleShot(kKeychainTimeoutMs, &loop, &QEventLoop::quit);
    job.start();
    if (!done)
        loop.exec();
    if (!done) {
        *code = QKeychain::OtherError;
        *message = QStringLiteral("the keychain did not answer within %1 s").arg(kKeychainTimeoutMs / 1000);
        return false;
    }
    *code = job.error();
    *message = job.errorString();
    return job.error() == QKeychain::NoError;
}

QString unreachable(const QString &what, const QString &detail)
{
    return QStringLiteral("no system keychain is reachable, so %1 (%2). Secrets are never stored in "
                          "plain text: start a keyring for this session (GNOME Keyring or KWallet, "
                          "reached through D-Bus) and try again")
        .arg(what, detail);
}

} // namespace

SecretStore::SecretStore(QString workspaceId) : m_workspaceId(std::move(workspaceId)) {}

QString SecretStore::keyFor(const QString &channel, const QString &field) const
{
    return m_workspaceId + QLatin1Char('/') + channel + QLatin1Char('/') + field;
}

bool SecretStore::write(const QString &channel, const QString &field, const QString &value,
                        QString *error) const
{
    QKeychain::WritePasswordJob job(service());
    job.setKey(keyFor(channel, field));
    job.setTextData(value);
    QKeychain::Error code = QKeychain::NoError;
    QString message;
    if (runJob(job, &code, &message))
        return true;
    if (error) {
        const QString what =
            QStringLiteral("the secret '%1' of channel '%2' was not stored").arg(field, channel);
        *error = code == QKeychain::NoBackendAvailable || code == QKeychain::OtherError ||
                         code == QKeychain::NotImplemented
                     ? unreachable(what, message)
                     : QStringLiteral("%1: the keychain refused it (%2)").arg(what, message);
    }
    return false;
}

std::optional<QString> SecretStore::read(const QString &channel, const QString &field, QString *error) const
{
    QKeychain::ReadPasswordJob job(service());
    job.setKey(keyFor(channel, field));
    QKeychain::Error code = QKeychain::NoError;
    QString message;
    if (runJob(job, &code, &message))
        return job.textData();
    if (error) {
        const QString what =
            QStringLiteral("the secret '%1' of channel '%2' could not be read").arg(field, channel);
        if (code == QKeychain::EntryNotFound)
            *error = QStringLiteral("the secret '%1' of channel '%2' is not in the keychain; set it again "
                                    "with 'loadwright channels add %2 ... --set %1=VALUE'")
                         .arg(field, channel);
        else if (code == QKeychain::NoBackendAvailable || code == QKeychain::OtherError ||
                 code == QKeychain::NotImplemented)
            *error = unreachable(what, message);
        else
            *error = QStringLiteral("%1 (%2)").arg(what, message);
    }
    return std::nullopt;
}

bool SecretStore::remove(const QString &channel, const QString &field, QString *error) const
{
    QKeychain::DeletePasswordJob job(service());
    job.setKey(keyFor(channel, field));
    QKeychain::Error code = QKeychain::NoError;
    QString message;
    if (runJob(job, &code, &message) || code == QKeychain::EntryNotFound)
        return true;
    if (error)
        *error = QStringLiteral("the secret '%1' of channel '%2' could not be removed from the keychain (%3)")
                     .arg(field, channel, message);
    return false;
}

} // namespace lw::notify
