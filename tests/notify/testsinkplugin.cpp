// A notification plugin for the tests: appends each notification as one JSON line to the file named
// in its config ("file"). It can be told to act like a receiver that is down (while "down_file"
// exists: Retry), to ask for N retries per notification ("retries"), to fail for good ("fail"), or
// to be slow ("sleep_ms"). A secret "token" is checked to arrive: its SHA-256 is written with the
// notification. Built twice: as a valid plugin, and with LW_TEST_WRONG_IID for another interface
// version.

#include "notify/notificationplugin.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QObject>
#include <QThread>

#include <mutex>

#ifdef LW_TEST_WRONG_IID
#define LW_TEST_IID "dev.loadwright.NotificationPlugin/2"
#define LW_TEST_JSON "testsink_v2.json"
#else
#define LW_TEST_IID LW_NOTIFICATION_PLUGIN_IID
#define LW_TEST_JSON "testsink.json"
#endif

namespace {

using namespace lw::notify;

class TestSinkPlugin : public QObject, public NotificationPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LW_TEST_IID FILE LW_TEST_JSON)
    Q_INTERFACES(lw::notify::NotificationPlugin)
public:
    QString name() const override { return QStringLiteral("testsink"); }
    QString version() const override { return QStringLiteral("1.0"); }
    QString description() const override { return QStringLiteral("appends notifications to a file (tests)"); }
    QList<ConfigField> configFields() const override
    {
        return {{QStringLiteral("file"),
                 QStringLiteral("Output file"),
                 ConfigField::Type::String,
                 true,
                 {},
                 QStringLiteral("JSON lines are appended here")},
                {QStringLiteral("down_file"),
                 QStringLiteral("Down while this file exists"),
                 ConfigField::Type::String,
                 false,
                 {},
                 {}},
                {QStringLiteral("retries"),
                 QStringLiteral("Retries per notification"),
                 ConfigField::Type::Integer,
                 false,
                 QStringLiteral("0"),
                 {}},
                {QStringLiteral("sleep_ms"),
                 QStringLiteral("Delay per delivery (ms)"),
                 ConfigField::Type::Integer,
                 false,
                 QStringLiteral("0"),
                 {}},
                {QStringLiteral("fail"),
                 QStringLiteral("Fail for good"),
                 ConfigField::Type::Boolean,
                 false,
                 QStringLiteral("false"),
                 {}},
                {QStringLiteral("token"), QStringLiteral("Token"), ConfigField::Type::Secret, false, {}, {}},
                {QStringLiteral("note"), QStringLiteral("Note"), ConfigField::Type::Text, false, {}, {}}};
    }
    QString validateConfig(const QVariantMap &config) const override
    {
        if (config.value(QStringLiteral("file")).toString().isEmpty())
            return QStringLiteral("file is required");
        if (config.value(QStringLiteral("retries")).toInt() < 0)
            return QStringLiteral("retries must not be negative");
        return {};
    }
    DeliveryResult deliver(const Notification &n, const QVariantMap &config,
                           const DeliveryContext &context) override
    {
        const int sleepMs = config.value(QStringLiteral("sleep_ms")).toInt();
        if (sleepMs > 0)
            QThread::msleep(std::min(sleepMs, context.timeoutMs + 5000));
        const QString down = config.value(QStringLiteral("down_file")).toString();
        if (!down.isEmpty() && QFile::exists(down))
            return {DeliveryResult::Outcome::Retry, QStringLiteral("connection refused (receiver down)")};
        if (context.attempt <= config.value(QStringLiteral("retries")).toInt())
            return {DeliveryResult::Outcome::Retry,
                    QStringLiteral("asked to retry (attempt %1)").arg(context.attempt)};
        const QVariant fail = config.value(QStringLiteral("fail"));
        if (fail.toBool() && fail.toString() != QLatin1String("false"))
            return {DeliveryResult::Outcome::Failed, QStringLiteral("told to fail")};
        QJsonObject line = n.toJson();
        line.insert(QStringLiteral("attempt"), context.attempt);
        const QString token = config.value(QStringLiteral("token")).toString();
        if (!token.isEmpty())
            line.insert(QStringLiteral("token_sha256"),
                        QString::fromLatin1(
                            QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex()));
        const std::lock_guard<std::mutex> lock(m_mutex);
        QFile out(config.value(QStringLiteral("file")).toString());
        if (!out.open(QIODevice::Append | QIODevice::WriteOnly))
            return {DeliveryResult::Outcome::Retry, QStringLiteral("cannot write %1").arg(out.fileName())};
        out.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
        return {DeliveryResult::Outcome::Sent, QStringLiteral("written to %1").arg(out.fileName())};
    }

private:
    std::mutex m_mutex;
};

} // namespace

#include "testsinkplugin.moc"
