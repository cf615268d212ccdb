#pragma once

// The Slack incoming-webhook payload for a notification: "text" (the fallback shown in
// notifications) and Block Kit blocks: a header, the notification's text, the run's key figures as
// fields and a context line (severity, event, workspace, time). Link-free: Slack's control
// characters are escaped, nothing is turned into a link and unfurling is off.

#include "notificationplugin.h"

#include <QByteArray>
#include <QJsonObject>

namespace lw::plugins {

// Escapes &, < and > the way Slack's mrkdwn expects, so no text becomes a link or a mention.
QString slackEscape(const QString &text);

QJsonObject slackPayload(const lw::notify::Notification &notification);

} // namespace lw::plugins
