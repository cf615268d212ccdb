#include "slackplugin.h"

#include "curlhttp.h"
#include "httpoutcome.h"
#include "pluginsupport.h"
#include "slackmessage.h"

#include <QJsonDocument>

namespace lw::plugins {

using lw::notify::ConfigField;
using lw::notify::DeliveryResult;

QString SlackPlugin::description() const
{
    return QStringLiteral("Posts a message with the run's key figures to a Slack incoming webhook");
}

QList<ConfigField> SlackPlugin::configFields() const
{
    return {
        {QStringLiteral("url"),
         QStringLiteral("Incoming webhook URL"),
         ConfigField::Type::Secret,
         true,
         {},
         QStringLiteral("https://hooks.slack.com/services/...: the URL is the token, kept in the keychain")},
    };
}

QString SlackPlugin::validateConfig(const QVariantMap &config) const
{
    return checkHttpUrl(configString(config, QStringLiteral("url")), QStringLiteral("url"), true);
}

DeliveryResult SlackPlugin::deliver(const lw::notify::Notification &notification, const QVariantMap &config,
                                    const lw::notify::DeliveryContext &context)
{
    if (const QString problem = validateConfig(config); !problem.isEmpty())
        return redacted({DeliveryResult::Outcome::Failed, problem}, config, configFields());

    HttpRequest request;
    request.url = configString(config, QStringLiteral("url"));
    request.contentType = "application/json; charset=utf-8";
    request.body = QJsonDocument(slackPayload(notification)).toJson(QJsonDocument::Compact);
    const HttpResponse response = httpPost(request, context);

    DeliveryResult result = httpOutcome(response, QStringLiteral("Slack"), request.url);
    if (response.answered) {
        // Slack names the problem in the body: invalid_payload, no_service, channel_is_archived, ...
        const QString said = bodySnippet(response.body, 80);
        const long status = response.status;
        if (status == 200)
            result.detail =
                said == QLatin1String("ok") || said.isEmpty()
                    ? QStringLiteral("Slack accepted the message in %1 ms").arg(response.elapsedMs)
                    : QStringLiteral("Slack answered 200 (%1) in %2 ms").arg(said).arg(response.elapsedMs);
        else if (status == 429)
            result.detail = QStringLiteral("Slack rate limit (HTTP 429%1)").arg(retryAfterNote(response));
        else if (status == 404 || status == 410)
            result.detail =
                QStringLiteral("Slack: the webhook or its channel no longer exists (HTTP %1: %2); "
                               "create a new incoming webhook")
                    .arg(status)
                    .arg(said);
        else if (status == 400 || status == 403)
            result.detail = QStringLiteral("Slack rejected the message (HTTP %1: %2)").arg(status).arg(said);
    }
    return redacted(result, config, configFields());
}

} // namespace lw::plugins
