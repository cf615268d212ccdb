#include "emailplugin.h"

#include "mailmessage.h"
#include "pluginsupport.h"
#include "smtpsend.h"

#include <curl/curl.h>

namespace lw::plugins {

using lw::notify::ConfigField;
using lw::notify::DeliveryResult;

namespace {

bool tlsMode(const QString &text, SmtpTls *tls)
{
    if (text == QLatin1String("starttls"))
        *tls = SmtpTls::StartTls;
    else if (text == QLatin1String("smtps"))
        *tls = SmtpTls::Smtps;
    else if (text == QLatin1String("none"))
        *tls = SmtpTls::None;
    else
        return false;
    return true;
}

int defaultPort(SmtpTls tls)
{
    switch (tls) {
    case SmtpTls::StartTls:
        return 587;
    case SmtpTls::Smtps:
        return 465;
    case SmtpTls::None:
        return 25;
    }
    return 587;
}

bool isLoopbackHost(const QString &host)
{
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
           host.startsWith(QLatin1String("127.")) || host == QLatin1String("::1") ||
           host == QLatin1String("[::1]");
}

// Reads the configuration; error is set when it is unusable.
SmtpSettings readSettings(const QVariantMap &config, QString *error)
{
    SmtpSettings s;
    s.host = configString(config, QStringLiteral("server"));
    if (s.host.isEmpty() || s.host.contains(QLatin1Char('/')) || s.host.contains(QLatin1Char(' '))) {
        *error = QStringLiteral("server: set the SMTP server's host name, e.g. smtp.example.org");
        return s;
    }
    const QString tls = configString(config, QStringLiteral("tls"), QStringLiteral("starttls")).toLower();
    if (!tlsMode(tls, &s.tls)) {
        *error = QStringLiteral("tls: '%1' is not one of starttls, smtps, none").arg(tls);
        return s;
    }
    bool ok = true;
    s.port = configInt(config, QStringLiteral("port"), defaultPort(s.tls), &ok);
    if (!ok || s.port < 1 || s.port > 65535) {
        *error = QStringLiteral("port: expected a number from 1 to 65535");
        return s;
    }
    s.verifyPeer = configBool(config, QStringLiteral("verify_peer"), true, &ok);
    if (!ok) {
        *error = QStringLiteral("verify_peer: expected true or false");
        return s;
    }
    s.username = configString(config, QStringLiteral("username"));
    s.password = config.value(QStringLiteral("password")).toString();
    if (!s.password.isEmpty() && s.username.isEmpty()) {
        *error = QStringLiteral("username: a password is set but no user name");
        return s;
    }
    if (s.tls == SmtpTls::None && !s.password.isEmpty() && !isLoopbackHost(s.host)) {
        *error =
            QStringLiteral("tls: 'none' would send the password unencrypted to %1; use starttls or smtps "
                           "(plain SMTP with a password is allowed to localhost only)")
                .arg(s.host);
        return s;
    }
    s.from = configString(config, QStringLiteral("from"));
    if (!isPlainAddress(s.from)) {
        *error = QStringLiteral("from: set the sender address, e.g. loadwright@example.org");
        return s;
    }
    QString listError;
    if (!parseAddressList(configString(config, QStringLiteral("to")), &s.to, &listError)) {
        *error = QStringLiteral("to: ") + listError;
        return s;
    }
    if (s.to.isEmpty())
        *error = QStringLiteral("to: set at least one recipient (a comma-separated list)");
    return s;
}

DeliveryResult outcome(const SmtpResult &r, const SmtpSettings &s)
{
    using Outcome = DeliveryResult::Outcome;
    const QString server = QStringLiteral("%1:%2").arg(s.host).arg(s.port);
    if (r.sent)
        return {Outcome::Sent, QStringLiteral("accepted by %1 for %2 recipient(s) in %3 ms")
                                   .arg(server)
                                   .arg(s.to.size())
                                   .arg(r.elapsedMs)};
    switch (CURLcode(r.curlCode)) {
    case CURLE_LOGIN_DENIED:
        return {Outcome::Failed, QStringLiteral("%1 refused the login (SMTP %2): check username and password")
                                     .arg(server)
                                     .arg(r.smtpCode)};
    case CURLE_USE_SSL_FAILED:
        return {Outcome::Failed, QStringLiteral("%1 does not offer STARTTLS: use tls smtps, or none for a "
                                                "local relay")
                                     .arg(server)};
    case CURLE_PEER_FAILED_VERIFICATION:
        return {Outcome::Failed,
                QStringLiteral("the TLS certificate of %1 is not trusted: %2").arg(server, r.error)};
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        return {Outcome::Failed, QStringLiteral("cannot use %1: %2").arg(server, r.error)};
    default:
        break;
    }
    if (r.smtpCode >= 500)
        return {
            Outcome::Failed,
            QStringLiteral("%1 rejected the message (SMTP %2): %3").arg(server).arg(r.smtpCode).arg(r.error)};
    if (r.smtpCode >= 400)
        return {
            Outcome::Retry,
            QStringLiteral("%1 deferred the message (SMTP %2): %3").arg(server).arg(r.smtpCode).arg(r.error)};
    return {Outcome::Retry, QStringLiteral("%1 not reached: %2").arg(server, r.error)};
}

} // namespace

QString EmailPlugin::description() const
{
    return QStringLiteral("Sends a plain-text e-mail over SMTP (STARTTLS or SMTPS, with authentication)");
}

QList<ConfigField> EmailPlugin::configFields() const
{
    using T = ConfigField::Type;
    return {
        {QStringLiteral("server"),
         QStringLiteral("SMTP server"),
         T::String,
         true,
         {},
         QStringLiteral("host name of the mail server")},
        {QStringLiteral("tls"), QStringLiteral("Encryption"), T::String, false, QStringLiteral("starttls"),
         QStringLiteral("starttls (required, port 587), smtps (port 465) or none (local relay only)")},
        {QStringLiteral("port"),
         QStringLiteral("Port"),
         T::Integer,
         false,
         {},
         QStringLiteral("default 587 for starttls, 465 for smtps, 25 for none")},
        {QStringLiteral("username"),
         QStringLiteral("User name"),
         T::String,
         false,
         {},
         QStringLiteral("for SMTP authentication; empty for none")},
        {QStringLiteral("password"),
         QStringLiteral("Password"),
         T::Secret,
         false,
         {},
         QStringLiteral("SMTP password, kept in the keychain")},
        {QStringLiteral("from"),
         QStringLiteral("From"),
         T::String,
         true,
         {},
         QStringLiteral("sender address, e.g. loadwright@example.org")},
        {QStringLiteral("to"),
         QStringLiteral("To"),
         T::String,
         true,
         {},
         QStringLiteral("recipients, comma-separated")},
        {QStringLiteral("subject_prefix"), QStringLiteral("Subject prefix"), T::String, false,
         QStringLiteral("[Loadwright] "), QStringLiteral("put before the notification's title")},
        {QStringLiteral("verify_peer"), QStringLiteral("Verify certificate"), T::Boolean, false,
         QStringLiteral("true"),
         QStringLiteral("false only for a test server with a self-signed certificate")},
    };
}

QString EmailPlugin::validateConfig(const QVariantMap &config) const
{
    QString error;
    readSettings(config, &error);
    return error;
}

DeliveryResult EmailPlugin::deliver(const lw::notify::Notification &notification, const QVariantMap &config,
                                    const lw::notify::DeliveryContext &context)
{
    QString error;
    const SmtpSettings settings = readSettings(config, &error);
    if (!error.isEmpty())
        return redacted({DeliveryResult::Outcome::Failed, error}, config, configFields());
    const QString prefix = config.contains(QStringLiteral("subject_prefix"))
                               ? config.value(QStringLiteral("subject_prefix")).toString()
                               : QStringLiteral("[Loadwright] ");
    const QByteArray mail = composeMail(notification, {settings.from, settings.to}, prefix);
    const SmtpResult result = sendMail(settings, mail, context.timeoutMs);
    return redacted(outcome(result, settings), config, configFields());
}

} // namespace lw::plugins
