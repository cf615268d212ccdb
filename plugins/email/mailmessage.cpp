#include "mailmessage.h"

#include "pluginsupport.h"

#include <QLocale>
#include <QRegularExpression>

namespace lw::plugins {

bool isPlainAddress(const QString &address)
{
    static const QRegularExpression pattern(QStringLiteral("^[^\\s<>@,;\"]+@[^\\s<>@,;\"]+$"));
    return pattern.match(address).hasMatch();
}

bool parseAddressList(const QString &text, QStringList *addresses, QString *error)
{
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString address = part.trimmed();
        if (address.isEmpty())
            continue;
        if (!isPlainAddress(address)) {
            *error = QStringLiteral("'%1' is not a plain e-mail address (name@example.org)").arg(address);
            return false;
        }
        addresses->append(address);
    }
    return true;
}

QByteArray encodeHeaderText(const QString &text)
{
    const QString oneLine = text.simplified();
    bool plain = true;
    for (QChar c : oneLine)
        plain = plain && c.unicode() >= 0x20 && c.unicode() < 0x7f;
    if (plain && !oneLine.contains(QLatin1String("=?")))
        return oneLine.toLatin1();
    // Encoded words of at most 45 bytes of UTF-8 each (60 base64 characters), split between
    // characters, joined by folding whitespace.
    QByteArray out;
    QByteArray chunk;
    auto flush = [&] {
        if (chunk.isEmpty())
            return;
        if (!out.isEmpty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + chunk.toBase64() + "?=";
        chunk.clear();
    };
    for (qsizetype i = 0; i < oneLine.size(); ++i) {
        QString character = oneLine.at(i);
        if (oneLine.at(i).isHighSurrogate() && i + 1 < oneLine.size())
            character += oneLine.at(++i);
        const QByteArray bytes = character.toUtf8();
        if (chunk.size() + bytes.size() > 45)
            flush();
        chunk += bytes;
    }
    flush();
    return out;
}

namespace {

QString bodyText(const lw::notify::Notification &n)
{
    QString body = n.text.trimmed();
    const auto figures = keyFigures(n.data);
    if (!figures.isEmpty()) {
        body += QStringLiteral("\n\n");
        for (const auto &figure : figures)
            body += figure.first + QStringLiteral(": ") + figure.second + QLatin1Char('\n');
    }
    body += QStringLiteral("\n--\nEvent: %1 (%2)\nWorkspace: %3\nAt: %4\nNotification id: %5\n")
                .arg(n.event, n.severity, n.workspace, n.at.toUTC().toString(Qt::ISODate), n.id);
    return body;
}

QByteArray base64Lines(const QByteArray &data)
{
    const QByteArray encoded = data.toBase64();
    QByteArray out;
    for (qsizetype i = 0; i < encoded.size(); i += 76)
        out += encoded.mid(i, 76) + "\r\n";
    return out;
}

} // namespace

QByteArray composeMail(const lw::notify::Notification &n, const MailAddresses &addresses,
                       const QString &subjectPrefix)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QByteArray mail;
    mail +=
        "Date: " + QLocale::c().toString(now, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss +0000")).toLatin1() +
        "\r\n";
    mail += "From: Loadwright <" + addresses.from.toUtf8() + ">\r\n";
    mail += "To: " + addresses.to.join(QStringLiteral(", ")).toUtf8() + "\r\n";
    mail += "Subject: " + encodeHeaderText(subjectPrefix + n.title) + "\r\n";
    QString idPart = n.id;
    idPart.remove(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]")));
    mail += "Message-ID: <" + idPart.toLatin1() + ".notification@loadwright>\r\n";
    mail += "X-Loadwright-Event: " + encodeHeaderText(n.event) + "\r\n";
    mail += "X-Loadwright-Severity: " + encodeHeaderText(n.severity) + "\r\n";
    mail += "Auto-Submitted: auto-generated\r\n";
    mail += "MIME-Version: 1.0\r\n";
    mail += "Content-Type: text/plain; charset=UTF-8\r\n";
    mail += "Content-Transfer-Encoding: base64\r\n";
    mail += "\r\n";
    mail += base64Lines(bodyText(n).toUtf8());
    return mail;
}

} // namespace lw::plugins
