#include "webhookheaders.h"

#include <QStringList>

namespace lw::plugins {

namespace {

bool isTokenChar(char c)
{
    // RFC 9110 token characters.
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           QByteArray("!#$%&'*+-.^_`|~").contains(c);
}

// Headers the plugin sets itself or that would break the request.
bool isReserved(const QByteArray &lowerName)
{
    return lowerName == "host" || lowerName == "content-length" || lowerName == "transfer-encoding" ||
           lowerName == "content-type" || lowerName == "connection" ||
           lowerName.startsWith("x-loadwright-") || lowerName == "idempotency-key";
}

} // namespace

bool parseCustomHeaders(const QString &text, HeaderList *headers, QString *error)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        const QByteArray name = colon > 0 ? line.left(colon).trimmed().toLatin1() : QByteArray();
        bool valid = !name.isEmpty();
        for (char c : name)
            valid = valid && isTokenChar(c);
        if (!valid) {
            *error = QStringLiteral("headers, line %1: expected 'Name: value' with a header name of letters, "
                                    "digits and -")
                         .arg(i + 1);
            return false;
        }
        if (isReserved(name.toLower())) {
            *error =
                QStringLiteral("headers, line %1: %2 is set by the plugin itself and cannot be overridden")
                    .arg(i + 1)
                    .arg(QString::fromLatin1(name));
            return false;
        }
        const QString value = line.mid(colon + 1).trimmed();
        for (QChar c : value) {
            if (c.unicode() < 0x20 && c != QLatin1Char('\t')) {
                *error =
                    QStringLiteral("headers, line %1: the value contains a control character").arg(i + 1);
                return false;
            }
        }
        headers->append({name, value.toUtf8()});
    }
    return true;
}

} // namespace lw::plugins
