#include "run/prometheus.h"

#include <QHash>

#include <algorithm>
#include <limits>

// The text exposition format parser (version 0.0.4), as the Prometheus server's own parser reads it.

namespace lw::prometheus {

namespace {

bool isNameStart(char c, bool colonAllowed)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colonAllowed && c == ':');
}
bool isNameChar(char c, bool colonAllowed)
{
    return isNameStart(c, colonAllowed) || (c >= '0' && c <= '9');
}
bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

// A cursor over one line; every reader returns false with a message on malformed input.
struct Cursor
{
    const QByteArray &line;
    int pos = 0;
    QString why;

    bool atEnd() const { return pos >= line.size(); }
    char peek() const { return atEnd() ? '\0' : line.at(pos); }
    void skipBlanks()
    {
        while (!atEnd() && isBlank(peek()))
            ++pos;
    }
    bool fail(const QString &message)
    {
        why = message;
        return false;
    }
    bool name(QString *out, bool colonAllowed, const char *what)
    {
        const int start = pos;
        if (atEnd() || !isNameStart(peek(), colonAllowed))
            return fail(QStringLiteral("expected a %1 at column %2").arg(QLatin1String(what)).arg(pos + 1));
        while (!atEnd() && isNameChar(peek(), colonAllowed))
            ++pos;
        *out = QString::fromLatin1(line.mid(start, pos - start));
        return true;
    }
    bool quoted(QString *out)
    {
        if (peek() != '"')
            return fail(QStringLiteral("expected '\"' at column %1").arg(pos + 1));
        ++pos;
        QByteArray value;
        while (!atEnd()) {
            const char c = line.at(pos++);
            if (c == '"') {
                *out = QString::fromUtf8(value);
                return true;
            }
            if (c != '\\') {
                value += c;
                continue;
            }
            if (atEnd())
                break;
            const char e = line.at(pos++);
            if (e == '\\' || e == '"')
                value += e;
            else if (e == 'n')
                value += '\n';
            else
                return fail(QStringLiteral("invalid escape \\%1 in a label value").arg(QLatin1Char(e)));
        }
        return fail(QStringLiteral("unterminated label value"));
    }
    QByteArray token()
    {
        const int start = pos;
        while (!atEnd() && !isBlank(peek()))
            ++pos;
        return line.mid(start, pos - start);
    }
};

std::optional<double> parseValue(const QByteArray &text)
{
    const QByteArray lower = text.toLower();
    if (lower == "+inf" || lower == "inf")
        return std::numeric_limits<double>::infinity();
    if (lower == "-inf")
        return -std::numeric_limits<double>::infinity();
    if (lower == "nan")
        return std::numeric_limits<double>::quiet_NaN();
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok)
        return std::nullopt;
    return v;
}

QString unescapeHelp(const QByteArray &text)
{
    QByteArray out;
    for (int i = 0; i < text.size(); ++i) {
        if (text.at(i) == '\\' && i + 1 < text.size() && (text.at(i + 1) == '\\' || text.at(i + 1) == 'n')) {
            out += text.at(i + 1) == 'n' ? '\n' : '\\';
            ++i;
        } else {
            out += text.at(i);
        }
    }
    return QString::fromUtf8(out);
}

bool parseComment(const QByteArray &line, Exposition &e, QString *why)
{
    Cursor c{line, 0, {}};
    c.pos = 1; // '#'
    c.skipBlanks();
    const QByteArray keyword = c.token();
    if (keyword != "HELP" && keyword != "TYPE")
        return true; // a plain comment
    c.skipBlanks();
    QString family;
    if (!c.name(&family, true, "metric name")) {
        *why = c.why;
        return false;
    }
    c.skipBlanks();
    const QByteArray rest = line.mid(c.pos);
    if (keyword == "HELP") {
        e.help.insert(family, unescapeHelp(rest));
        return true;
    }
    static const QHash<QByteArray, MetricType> types{{"counter", MetricType::Counter},
                                                     {"gauge", MetricType::Gauge},
                                                     {"histogram", MetricType::Histogram},
                                                     {"summary", MetricType::Summary},
                                                     {"untyped", MetricType::Untyped}};
    const QByteArray type = rest.trimmed();
    if (!types.contains(type)) {
        *why = QStringLiteral("unknown metric type '%1'").arg(QString::fromUtf8(type));
        return false;
    }
    if (e.types.contains(family)) {
        *why = QStringLiteral("second TYPE line for %1").arg(family);
        return false;
    }
    e.types.insert(family, types.value(type));
    return true;
}

bool parseSample(const QByteArray &line, Sample &s, QString *why)
{
    Cursor c{line, 0, {}};
    if (!c.name(&s.name, true, "metric name"))
        return *why = c.why, false;
    const int nameEnd = c.pos;
    c.skipBlanks();
    const bool blankAfterName = c.pos > nameEnd;
    if (c.peek() == '{') {
        ++c.pos;
        for (;;) {
            c.skipBlanks();
            if (c.peek() == '}')
                break;
            QString label, value;
            if (!c.name(&label, false, "label name"))
                return *why = c.why, false;
            c.skipBlanks();
            if (c.peek() != '=')
                return *why = QStringLiteral("expected '=' after label %1").arg(label), false;
            ++c.pos;
            c.skipBlanks();
            if (!c.quoted(&value))
                return *why = c.why, false;
            for (const auto &l : std::as_const(s.labels)) {
                if (l.first == label)
                    return *why = QStringLiteral("duplicate label %1").arg(label), false;
            }
            s.labels.append({label, value});
            c.skipBlanks();
            if (c.peek() == ',') {
                ++c.pos;
                continue;
            }
            if (c.peek() != '}')
                return *why = QStringLiteral("expected ',' or '}' at column %1").arg(c.pos + 1), false;
        }
        ++c.pos; // '}'
        std::sort(s.labels.begin(), s.labels.end());
        if (!c.atEnd() && !isBlank(c.peek()))
            return *why = QStringLiteral("expected a blank before the value at column %1").arg(c.pos + 1),
                   false;
    } else if (!blankAfterName && !c.atEnd()) {
        return *why = QStringLiteral("expected a blank or '{' after the metric name at column %1")
                          .arg(c.pos + 1),
               false;
    }
    c.skipBlanks();
    const QByteArray valueText = c.token();
    if (valueText.isEmpty())
        return *why = QStringLiteral("missing value for %1").arg(s.name), false;
    const auto value = parseValue(valueText);
    if (!value)
        return *why = QStringLiteral("invalid value '%1'").arg(QString::fromUtf8(valueText)), false;
    s.value = *value;
    c.skipBlanks();
    if (!c.atEnd()) {
        const QByteArray ts = c.token();
        bool ok = false;
        s.timestampMs = ts.toLongLong(&ok);
        if (!ok)
            return *why = QStringLiteral("invalid timestamp '%1'").arg(QString::fromUtf8(ts)), false;
        c.skipBlanks();
        if (!c.atEnd())
            return *why = QStringLiteral("unexpected text after the timestamp at column %1").arg(c.pos + 1),
                   false;
    }
    return true;
}

} // namespace

ParseResult parseText(const QByteArray &text)
{
    ParseResult r;
    int lineNo = 0;
    int start = 0;
    while (start < text.size()) {
        int end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        ++lineNo;
        QByteArray line = text.mid(start, end - start);
        start = end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        int first = 0;
        while (first < line.size() && isBlank(line.at(first)))
            ++first;
        if (first == line.size())
            continue;
        if (first > 0)
            line = line.mid(first);
        QString why;
        bool ok;
        if (line.startsWith('#')) {
            ok = parseComment(line, r.exposition, &why);
        } else {
            Sample s;
            ok = parseSample(line, s, &why);
            if (ok)
                r.exposition.samples.append(std::move(s));
        }
        if (!ok) {
            r.errorLine = lineNo;
            r.error = QStringLiteral("parse error at line %1: %2").arg(lineNo).arg(why);
            return r;
        }
    }
    return r;
}

} // namespace lw::prometheus
