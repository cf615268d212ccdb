#include "slackmessage.h"

#include "pluginsupport.h"

#include <QJsonArray>

namespace lw::plugins {

namespace {

constexpr int kMaxHeader = 150;   // Slack's limit for a header block
constexpr int kMaxSection = 2900; // below Slack's 3000 for a section text
constexpr int kMaxFields = 10;    // Slack's limit of fields in one section

QString clipped(const QString &text, int max)
{
    return text.size() <= max ? text : text.left(max - 1) + QChar(0x2026);
}

QJsonObject textObject(const QString &type, const QString &text)
{
    return QJsonObject{{QStringLiteral("type"), type}, {QStringLiteral("text"), text}};
}

QString severityMark(const QString &severity)
{
    if (severity == QLatin1String("critical"))
        return QStringLiteral(":red_circle:");
    if (severity == QLatin1String("warning"))
        return QStringLiteral(":large_orange_circle:");
    return QStringLiteral(":large_blue_circle:");
}

} // namespace

QString slackEscape(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('&'), QLatin1String("&amp;"));
    escaped.replace(QLatin1Char('<'), QLatin1String("&lt;"));
    escaped.replace(QLatin1Char('>'), QLatin1String("&gt;"));
    return escaped;
}

QJsonObject slackPayload(const lw::notify::Notification &n)
{
    QJsonArray blocks;
    blocks.append(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("header")},
        {QStringLiteral("text"), textObject(QStringLiteral("plain_text"), clipped(n.title, kMaxHeader))}});
    if (!n.text.trimmed().isEmpty())
        blocks.append(
            QJsonObject{{QStringLiteral("type"), QStringLiteral("section")},
                        {QStringLiteral("text"),
                         textObject(QStringLiteral("mrkdwn"), clipped(slackEscape(n.text), kMaxSection))}});

    QJsonArray fields;
    for (const auto &figure : keyFigures(n.data)) {
        if (fields.size() == kMaxFields)
            break;
        fields.append(textObject(QStringLiteral("mrkdwn"),
                                 QStringLiteral("*%1*\n%2").arg(figure.first, slackEscape(figure.second))));
    }
    if (!fields.isEmpty())
        blocks.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("section")},
                                  {QStringLiteral("fields"), fields}});

    const QString context = QStringLiteral("%1 %2 · %3 · %4 · %5")
                                .arg(severityMark(n.severity), slackEscape(n.severity), slackEscape(n.event),
                                     slackEscape(n.workspace),
                                     n.at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
    blocks.append(
        QJsonObject{{QStringLiteral("type"), QStringLiteral("context")},
                    {QStringLiteral("elements"), QJsonArray{textObject(QStringLiteral("mrkdwn"), context)}}});

    return QJsonObject{{QStringLiteral("text"), clipped(slackEscape(n.title), kMaxSection)},
                       {QStringLiteral("blocks"), blocks},
                       {QStringLiteral("unfurl_links"), false},
                       {QStringLiteral("unfurl_media"), false}};
}

} // namespace lw::plugins
