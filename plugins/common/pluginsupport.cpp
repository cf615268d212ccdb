#include "pluginsupport.h"

#include <QJsonObject>
#include <QJsonValue>

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace lw::plugins {

using lw::notify::ConfigField;

QString configString(const QVariantMap &config, const QString &key, const QString &fallback)
{
    const QString value = config.value(key).toString().trimmed();
    return value.isEmpty() ? fallback : value;
}

int configInt(const QVariantMap &config, const QString &key, int fallback, bool *ok)
{
    if (ok)
        *ok = true;
    const QString text = config.value(key).toString().trimmed();
    if (text.isEmpty())
        return fallback;
    bool parsed = false;
    const int value = text.toInt(&parsed);
    if (ok)
        *ok = parsed;
    return parsed ? value : fallback;
}

bool configBool(const QVariantMap &config, const QString &key, bool fallback, bool *ok)
{
    if (ok)
        *ok = true;
    const QString text = config.value(key).toString().trimmed().toLower();
    if (text.isEmpty())
        return fallback;
    if (text == QLatin1String("true") || text == QLatin1String("yes") || text == QLatin1String("on") ||
        text == QLatin1String("1"))
        return true;
    if (text == QLatin1String("false") || text == QLatin1String("no") || text == QLatin1String("off") ||
        text == QLatin1String("0"))
        return false;
    if (ok)
        *ok = false;
    return fallback;
}

QByteArray hmacSha256Hex(const QByteArray &key, const QByteArray &data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.constData(), int(key.size()),
              reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()), digest,
              &length))
        return {};
    return QByteArray(reinterpret_cast<const char *>(digest), int(length)).toHex();
}

QString redactSecrets(QString text, const QVariantMap &config, const QList<ConfigField> &fields)
{
    for (const ConfigField &field : fields) {
        if (field.type != ConfigField::Type::Secret)
            continue;
        const QString secret = config.value(field.key).toString();
        if (secret.size() >= 3) // shorter values would blank ordinary words; nobody uses them as secrets
            text.replace(secret, QStringLiteral("[secret]"));
    }
    return text;
}

lw::notify::DeliveryResult redacted(lw::notify::DeliveryResult result, const QVariantMap &config,
                                    const QList<ConfigField> &fields)
{
    result.detail = redactSecrets(result.detail, config, fields);
    return result;
}

namespace {

QString number(const QJsonValue &value, int decimals)
{
    return value.isDouble() ? QString::number(value.toDouble(), 'f', decimals) : value.toVariant().toString();
}

} // namespace

QList<QPair<QString, QString>> keyFigures(const QJsonObject &data)
{
    QList<QPair<QString, QString>> figures;
    auto add = [&figures](const QString &label, const QString &value) {
        if (!value.isEmpty())
            figures.append({label, value});
    };
    add(QStringLiteral("Status"), data.value(QLatin1String("status")).toVariant().toString());
    if (data.contains(QLatin1String("p99_ms")))
        add(QStringLiteral("p99"), number(data.value(QLatin1String("p99_ms")), 1) + QStringLiteral(" ms"));
    if (data.contains(QLatin1String("error_rate_percent")))
        add(QStringLiteral("Error rate"),
            number(data.value(QLatin1String("error_rate_percent")), 2) + QStringLiteral(" %"));
    if (data.contains(QLatin1String("rps")))
        add(QStringLiteral("Throughput"),
            number(data.value(QLatin1String("rps")), 1) + QStringLiteral(" req/s"));
    add(QStringLiteral("Strategy"), data.value(QLatin1String("strategy")).toVariant().toString());
    add(QStringLiteral("Revision"), data.value(QLatin1String("revision")).toVariant().toString());
    add(QStringLiteral("Run"), data.value(QLatin1String("run_id")).toVariant().toString());
    return figures;
}

} // namespace lw::plugins
