#include "webhookplugin.h"

#include "curlhttp.h"
#include "httpoutcome.h"
#include "pluginsupport.h"
#include "webhookheaders.h"

#include <QJsonDocument>

namespace lw::plugins {

using lw::notify::ConfigField;
using lw::notify::DeliveryResult;

QString WebhookPlugin::description() const
{
    return QStringLiteral("POSTs each notification as JSON to an HTTP(S) receiver, signed with HMAC-SHA256");
}

QList<ConfigField> WebhookPlugin::configFields() const
{
    return {
        {QStringLiteral("url"),
         QStringLiteral("Receiver URL"),
         ConfigField::Type::Url,
         true,
         {},
         QStringLiteral("http:// or https:// address that receives the POST; redirects are not followed")},
        {QStringLiteral("secret"),
         QStringLiteral("Signing secret"),
         ConfigField::Type::Secret,
         false,
         {},
         QStringLiteral("when set, X-Loadwright-Signature: sha256=<hex HMAC-SHA256 of the body>")},
        {QStringLiteral("authorization"),
         QStringLiteral("Authorization header"),
         ConfigField::Type::Secret,
         false,
         {},
         QStringLiteral("sent as the Authorization header, e.g. 'Bearer <token>'")},
        {QStringLiteral("headers"),
         QStringLiteral("Custom headers"),
         ConfigField::Type::Text,
         false,
         {},
         QStringLiteral("one 'Name: value' per line; not secret: put tokens in Authorization")},
    };
}

QString WebhookPlugin::validateConfig(const QVariantMap &config) const
{
    if (const QString problem =
            checkHttpUrl(configString(config, QStringLiteral("url")), QStringLiteral("url"), false);
        !problem.isEmpty())
        return problem;
    HeaderList headers;
    QString error;
    if (!parseCustomHeaders(config.value(QStringLiteral("headers")).toString(), &headers, &error))
        return error;
    const QString authorization = config.value(QStringLiteral("authorization")).toString();
    if (authorization.contains(QLatin1Char('\n')) || authorization.contains(QLatin1Char('\r')))
        return QStringLiteral("authorization: the value must be one line");
    return {};
}

DeliveryResult WebhookPlugin::deliver(const lw::notify::Notification &notification, const QVariantMap &config,
                                      const lw::notify::DeliveryContext &context)
{
    if (const QString problem = validateConfig(config); !problem.isEmpty())
        return redacted({DeliveryResult::Outcome::Failed, problem}, config, configFields());

    HttpRequest request;
    request.url = configString(config, QStringLiteral("url"));
    request.body = QJsonDocument(notification.toJson()).toJson(QJsonDocument::Compact);
    request.headers.append({"X-Loadwright-Event", notification.event.toUtf8()});
    request.headers.append({"X-Loadwright-Delivery", notification.id.toUtf8()});
    request.headers.append({"Idempotency-Key", notification.id.toUtf8()});
    request.headers.append({"X-Loadwright-Attempt", QByteArray::number(context.attempt)});
    const QByteArray secret = config.value(QStringLiteral("secret")).toString().toUtf8();
    if (!secret.isEmpty())
        request.headers.append({"X-Loadwright-Signature", "sha256=" + hmacSha256Hex(secret, request.body)});
    const QString authorization = configString(config, QStringLiteral("authorization"));
    if (!authorization.isEmpty())
        request.headers.append({"Authorization", authorization.toUtf8()});
    QString error;
    parseCustomHeaders(config.value(QStringLiteral("headers")).toString(), &request.headers, &error);

    const HttpResponse response = httpPost(request, context);
    return redacted(httpOutcome(response, QStringLiteral("webhook receiver"), request.url), config,
                    configFields());
}

} // namespace lw::plugins
