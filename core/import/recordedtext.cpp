#include "import/recordedtext.h"
#include "import/importresult.h"

#include <QRegularExpression>
#include <QSet>

namespace lw::import {

QString literalText(const QString &recorded)
{
    QString out = recorded;
    out.replace(QStringLiteral("${"), QStringLiteral("$${"));
    out.replace(QStringLiteral("{{"), QStringLiteral("\\{{"));
    return out;
}

namespace {

bool continuesValue(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('-') || c == QLatin1Char('.');
}

} // namespace

QList<qsizetype> boundedOccurrences(const QString &text, const QString &value, qsizetype from)
{
    QList<qsizetype> found;
    if (value.isEmpty())
        return found;
    const bool valueStartsWord = continuesValue(value.front());
    const bool valueEndsWord = continuesValue(value.back());
    for (qsizetype i = text.indexOf(value, from); i >= 0; i = text.indexOf(value, i + 1)) {
        const qsizetype end = i + value.size();
        if (valueStartsWord && i > 0 && continuesValue(text.at(i - 1)))
            continue;
        if (valueEndsWord && end < text.size() && continuesValue(text.at(end)))
            continue;
        found.append(i);
        i = end - 1;
    }
    return found;
}

int replaceBounded(QString &text, const QString &value, const QString &with, qsizetype from)
{
    const QList<qsizetype> at = boundedOccurrences(text, value, from);
    for (qsizetype k = at.size() - 1; k >= 0; --k)
        text.replace(at[k], value.size(), with);
    return int(at.size());
}

qsizetype pathStart(const QString &url)
{
    qsizetype i = 0;
    if (url.startsWith(QLatin1String("${"))) {
        i = url.indexOf(QLatin1Char('}'));
        return i < 0 ? url.size() : i + 1;
    }
    const qsizetype scheme = url.indexOf(QLatin1String("://"));
    if (scheme < 0)
        return 0;
    i = url.indexOf(QLatin1Char('/'), scheme + 3);
    const qsizetype q = url.indexOf(QLatin1Char('?'), scheme + 3);
    if (i < 0 || (q >= 0 && q < i))
        i = q;
    return i < 0 ? url.size() : i;
}

const StepHeader *findHeader(const QList<StepHeader> &headers, const QString &name)
{
    for (const StepHeader &h : headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0)
            return &h;
    }
    return nullptr;
}

bool secretLikeName(const QString &name)
{
    static const QRegularExpression re(
        QStringLiteral("pass(word|wd)?$|^pwd$|secret|token|api[-_]?key|apikey|^key$|auth|session|^sid$|csrf|"
                       "xsrf|credential|private[-_]?key|signature|^sig$"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(name).hasMatch();
}

QString identifierFrom(const QString &text, const QString &fallback)
{
    QString out;
    for (const QChar c : text) {
        if ((c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('_'))
            out += c;
        else if (!out.isEmpty() && !out.endsWith(QLatin1Char('_')))
            out += QLatin1Char('_');
    }
    while (out.endsWith(QLatin1Char('_')))
        out.chop(1);
    if (out.isEmpty())
        return fallback;
    if (out.front().isDigit())
        out.prepend(QLatin1Char('v'));
    return out.left(40);
}

bool droppedHeader(const QString &name)
{
    static const QSet<QString> names = {QStringLiteral("host"),
                                        QStringLiteral("content-length"),
                                        QStringLiteral("connection"),
                                        QStringLiteral("keep-alive"),
                                        QStringLiteral("proxy-connection"),
                                        QStringLiteral("te"),
                                        QStringLiteral("trailer"),
                                        QStringLiteral("transfer-encoding"),
                                        QStringLiteral("upgrade"),
                                        QStringLiteral("accept-encoding"),
                                        QStringLiteral("if-none-match"),
                                        QStringLiteral("if-modified-since")};
    return name.startsWith(QLatin1Char(':')) || names.contains(name.toLower());
}

QString uniqueStepName(const QString &method, QString path, QHash<QString, int> &used)
{
    if (path.isEmpty())
        path = QStringLiteral("/");
    if (path.size() > 60)
        path = path.left(57) + QStringLiteral("...");
    const QString base = method + QLatin1Char(' ') + path;
    const int n = ++used[base];
    return n == 1 ? base : QStringLiteral("%1 (%2)").arg(base).arg(n);
}

Strategy journeyStrategy(const QString &name, const QString &description, const QStringList &tags,
                         const QList<Step> &steps)
{
    Strategy s;
    s.name = name.left(120);
    s.description = description;
    s.type = StrategyType::Load;
    s.safetyLevel = SafetyLevel::Low;
    s.tags = tags;
    Scenario sc;
    sc.name = QStringLiteral("journey");
    sc.steps = steps;
    s.scenarios = {sc};
    s.load.model = LoadModel::Closed;
    s.load.stages = {Stage{QStringLiteral("30s"), 1, StageRamp::Linear}};
    s.load.maxConnections = 8;
    return s;
}

QString maskSecret(const QString &value)
{
    if (value.size() < 12)
        return QStringLiteral("****");
    return value.left(4) + QStringLiteral("\u2026 (%1 characters)").arg(value.size());
}

} // namespace lw::import
