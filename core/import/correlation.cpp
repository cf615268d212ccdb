#include "import/correlation.h"

#include "engine/scenariostep.h"
#include "engine/scenariotemplate.h"
#include "import/recordedtext.h"

#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <nlohmann/json.hpp>

namespace lw::import {

namespace {

using json = nlohmann::json;

constexpr int kMaxLeavesPerResponse = 5000;
constexpr qsizetype kMaxValueLength = 4096;

struct Candidate
{
    QString value;
    int step = -1;
    ExtractFrom from = ExtractFrom::Json;
    QString expression;
    int group = 1;
    QString how;
    QString name; // base of the variable name
};

bool identifierKey(const std::string &key)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re.match(QString::fromStdString(key)).hasMatch();
}

QString jsonExpression(const std::vector<std::string> &tokens, const std::vector<bool> &isIndex)
{
    bool simple = true;
    for (size_t i = 0; i < tokens.size(); ++i)
        simple = simple && (isIndex[i] || identifierKey(tokens[i]));
    QString out;
    if (simple) {
        out = QStringLiteral("$");
        for (size_t i = 0; i < tokens.size(); ++i)
            out += isIndex[i] ? QStringLiteral("[%1]").arg(QString::fromStdString(tokens[i]))
                              : QLatin1Char('.') + QString::fromStdString(tokens[i]);
        return out;
    }
    for (const std::string &t : tokens) {
        QString s = QString::fromStdString(t);
        s.replace(QLatin1Char('~'), QStringLiteral("~0")).replace(QLatin1Char('/'), QStringLiteral("~1"));
        out += QLatin1Char('/') + s;
    }
    return out;
}

void jsonLeaves(const json &j, std::vector<std::string> &tokens, std::vector<bool> &isIndex, int step,
                QList<Candidate> &out, int &budget)
{
    if (budget <= 0)
        return;
    if (j.is_object() || j.is_array()) {
        size_t n = 0;
        for (auto it = j.begin(); it != j.end(); ++it, ++n) {
            tokens.push_back(j.is_object() ? it.key() : std::to_string(n));
            isIndex.push_back(j.is_array());
            jsonLeaves(*it, tokens, isIndex, step, out, budget);
            tokens.pop_back();
            isIndex.pop_back();
        }
        return;
    }
    --budget;
    QString value;
    if (j.is_string())
        value = QString::fromStdString(j.get<std::string>());
    else if (j.is_number_integer())
        value = QString::fromStdString(j.dump());
    else
        return;
    if (!nonTrivialValue(value))
        return;
    Candidate c;
    c.value = value;
    c.step = step;
    c.from = ExtractFrom::Json;
    c.expression = jsonExpression(tokens, isIndex);
    c.how = QStringLiteral("JSON %1").arg(c.expression);
    // The nearest object key names the variable; a generic "id" takes its parent's name too.
    QString key, parent;
    for (size_t i = tokens.size(); i-- > 0;) {
        if (isIndex[i])
            continue;
        if (key.isEmpty())
            key = QString::fromStdString(tokens[i]);
        else {
            parent = QString::fromStdString(tokens[i]);
            break;
        }
    }
    static const QStringList generic = {QStringLiteral("id"), QStringLiteral("value"), QStringLiteral("key"),
                                        QStringLiteral("uuid")};
    c.name = generic.contains(key.toLower()) && !parent.isEmpty() ? parent + QLatin1Char('_') + key : key;
    out.append(c);
}

QString regexEscaped(const QString &text)
{
    static const QString special = QStringLiteral("\\^$.|?*+()[]{}");
    QString out;
    for (const QChar c : text) {
        if (special.contains(c))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

// Hidden inputs and csrf meta tags of an HTML page (inputs first: a form is what posts the value).
void htmlCandidates(const QString &html, int step, QList<Candidate> &out)
{
    QList<Candidate> metas;
    static const QRegularExpression tag(QStringLiteral("<(input|meta)\\b[^>]*>"),
                                        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression attribute(
        QStringLiteral("([A-Za-z_:][-A-Za-z0-9_:.]*)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')"));
    for (auto m = tag.globalMatch(html); m.hasNext();) {
        const QRegularExpressionMatch t = m.next();
        const bool input = t.captured(1).compare(QLatin1String("input"), Qt::CaseInsensitive) == 0;
        struct Attr
        {
            QString name, value;
            QChar quote;
            qsizetype at;
        };
        QList<Attr> attrs;
        for (auto a = attribute.globalMatch(t.captured(0)); a.hasNext();) {
            const QRegularExpressionMatch am = a.next();
            const bool dq = am.capturedStart(3) >= 0;
            attrs.append({am.captured(1).toLower(), dq ? am.captured(3) : am.captured(4),
                          dq ? QLatin1Char('"') : QLatin1Char('\''), am.capturedStart(0)});
        }
        const auto find = [&attrs](const char *name) -> const Attr * {
            for (const Attr &a : attrs)
                if (a.name == QLatin1String(name))
                    return &a;
            return nullptr;
        };
        const Attr *name = find("name");
        const Attr *value = find(input ? "value" : "content");
        if (!name || !value || value->value.contains(QLatin1Char('&')))
            continue;
        const Attr *type = find("type");
        const bool hidden = type && type->value.compare(QLatin1String("hidden"), Qt::CaseInsensitive) == 0;
        if (input && !hidden && !secretLikeName(name->value))
            continue;
        if (!input &&
            !QRegularExpression(QStringLiteral("csrf|xsrf|token"), QRegularExpression::CaseInsensitiveOption)
                 .match(name->value)
                 .hasMatch())
            continue;
        if (!nonTrivialValue(value->value))
            continue;
        const QString q = value->quote;
        const QString nameRe =
            QStringLiteral("name=") + name->quote + regexEscaped(name->value) + name->quote;
        const QString valueRe = (input ? QStringLiteral("value=") : QStringLiteral("content=")) + q +
                                QStringLiteral("([^") + q + QStringLiteral("]*)") + q;
        Candidate c;
        c.value = value->value;
        c.step = step;
        c.from = ExtractFrom::Regex;
        c.expression = name->at < value->at ? nameRe + QStringLiteral("[^>]*?") + valueRe
                                            : valueRe + QStringLiteral("[^>]*?") + nameRe;
        c.how = input ? QStringLiteral("HTML hidden input %1").arg(name->value)
                      : QStringLiteral("HTML meta %1").arg(name->value);
        c.name = name->value;
        (input ? out : metas).append(c);
    }
    out += metas;
}

bool ignoredResponseHeader(const QString &lower)
{
    static const QSet<QString> names = {QStringLiteral("date"),
                                        QStringLiteral("content-type"),
                                        QStringLiteral("content-length"),
                                        QStringLiteral("server"),
                                        QStringLiteral("cache-control"),
                                        QStringLiteral("expires"),
                                        QStringLiteral("last-modified"),
                                        QStringLiteral("etag"),
                                        QStringLiteral("vary"),
                                        QStringLiteral("connection"),
                                        QStringLiteral("keep-alive"),
                                        QStringLiteral("transfer-encoding"),
                                        QStringLiteral("content-encoding"),
                                        QStringLiteral("accept-ranges"),
                                        QStringLiteral("age"),
                                        QStringLiteral("via"),
                                        QStringLiteral("strict-transport-security"),
                                        QStringLiteral("x-content-type-options"),
                                        QStringLiteral("x-frame-options"),
                                        QStringLiteral("content-security-policy"),
                                        QStringLiteral("referrer-policy"),
                                        QStringLiteral("alt-svc"),
                                        QStringLiteral("report-to"),
                                        QStringLiteral("nel"),
                                        QStringLiteral("pragma"),
                                        QStringLiteral("x-xss-protection"),
                                        QStringLiteral("permissions-policy"),
                                        QStringLiteral("timing-allow-origin"),
                                        QStringLiteral("x-powered-by"),
                                        QStringLiteral("set-cookie"),
                                        QStringLiteral("status")};
    return names.contains(lower) || lower.startsWith(QLatin1String("access-control-")) ||
           lower.startsWith(QLatin1String("cross-origin-")) || lower.startsWith(QLatin1Char(':'));
}

QList<Candidate> candidatesOf(const RecordedExchange &x, int step)
{
    QList<Candidate> out;
    const QString body = QString::fromUtf8(x.responseBody);
    const QString trimmed = body.trimmed();
    if (trimmed.startsWith(QLatin1Char('{')) || trimmed.startsWith(QLatin1Char('['))) {
        const json j = json::parse(x.responseBody.toStdString(), nullptr, false);
        if (!j.is_discarded()) {
            std::vector<std::string> tokens;
            std::vector<bool> isIndex;
            int budget = kMaxLeavesPerResponse;
            jsonLeaves(j, tokens, isIndex, step, out, budget);
        }
    } else if (x.responseMime.contains(QLatin1String("html"), Qt::CaseInsensitive) ||
               trimmed.startsWith(QLatin1Char('<'))) {
        htmlCandidates(body, step, out);
    }
    for (const StepHeader &h : x.responseHeaders) {
        const QString lower = h.name.toLower();
        if (lower == QLatin1String("set-cookie")) {
            for (const QString &line : h.value.split(QLatin1Char('\n'))) {
                const QString pair = line.section(QLatin1Char(';'), 0, 0).trimmed();
                const qsizetype eq = pair.indexOf(QLatin1Char('='));
                if (eq <= 0 || !nonTrivialValue(pair.mid(eq + 1)))
                    continue;
                Candidate c;
                c.value = pair.mid(eq + 1);
                c.step = step;
                c.from = ExtractFrom::Cookie;
                c.expression = pair.left(eq);
                c.how = QStringLiteral("cookie %1").arg(c.expression);
                c.name = c.expression;
                out.append(c);
            }
        } else if (!ignoredResponseHeader(lower) && nonTrivialValue(h.value.trimmed())) {
            Candidate c;
            c.value = h.value.trimmed();
            c.step = step;
            c.from = ExtractFrom::Header;
            c.expression = h.name;
            c.how = QStringLiteral("header %1").arg(h.name);
            c.name = h.name;
            out.append(c);
        }
    }
    return out;
}

// What the engine extracts from the recorded response with this candidate's expression.
bool engineAgrees(const RecordedExchange &x, const Candidate &c)
{
    engine::Extraction e;
    e.var = "v";
    e.kind = c.from == ExtractFrom::Json     ? engine::ExtractKind::Json
             : c.from == ExtractFrom::Regex  ? engine::ExtractKind::Regex
             : c.from == ExtractFrom::Header ? engine::ExtractKind::Header
                                             : engine::ExtractKind::Cookie;
    e.expression = c.expression.toStdString();
    e.group = c.group;
    std::string error;
    if (!e.compile(error))
        return false;
    std::vector<std::pair<std::string, std::string>> headers;
    for (const StepHeader &h : x.responseHeaders) {
        // HAR writers put several Set-Cookie lines in one value separated by newlines.
        for (const QString &line : h.value.split(QLatin1Char('\n')))
            headers.emplace_back(h.name.toStdString(), line.trimmed().toStdString());
    }
    const std::string body = x.responseBody.toStdString();
    engine::ResponseView r;
    r.status = x.status;
    r.body = body;
    r.headers = &headers;
    engine::LazyJson lazy(r.body);
    std::string out;
    return e.apply(r, lazy, out) && QString::fromStdString(out) == c.value;
}

// Alphanumeric runs: a bounded occurrence of a value that starts with a letter or digit begins with
// its first run, which is then one of these tokens (a cheap filter before the exact search).
void addTokens(const QString &text, QSet<QString> &tokens)
{
    qsizetype start = -1;
    for (qsizetype i = 0; i <= text.size(); ++i) {
        const bool alnum = i < text.size() && text.at(i).isLetterOrNumber();
        if (alnum && start < 0)
            start = i;
        else if (!alnum && start >= 0) {
            tokens.insert(text.mid(start, i - start));
            start = -1;
        }
    }
}

QString firstRun(const QString &value)
{
    qsizetype i = 0;
    while (i < value.size() && value.at(i).isLetterOrNumber())
        ++i;
    return value.left(i);
}

QString encoded(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

bool formBody(const Step &st)
{
    const StepHeader *type = findHeader(st.headers, QStringLiteral("Content-Type"));
    return type && type->value.contains(QLatin1String("x-www-form-urlencoded"), Qt::CaseInsensitive);
}

bool cookieOrHost(const QString &name)
{
    return name.compare(QLatin1String("Cookie"), Qt::CaseInsensitive) == 0 ||
           name.compare(QLatin1String("Host"), Qt::CaseInsensitive) == 0;
}

// Where value is sent by step st: url (path and query), headers (not Cookie), body.
QList<CorrelationUse> usesIn(const Step &st, int index, const QString &value)
{
    QList<CorrelationUse> uses;
    const QString enc = encoded(value);
    const auto count = [&](const QString &text, qsizetype from, bool tryEncoded, CorrelationUse &use) {
        use.occurrences = int(boundedOccurrences(text, value, from).size());
        if (tryEncoded && enc != value) {
            const int n = int(boundedOccurrences(text, enc, from).size());
            use.urlEncoded = n > 0;
            use.occurrences += n;
        }
        return use.occurrences > 0;
    };
    CorrelationUse u;
    u.step = index;
    u.stepName = st.name;
    u.place = QStringLiteral("url");
    if (count(st.url, pathStart(st.url), true, u))
        uses.append(u);
    for (const StepHeader &h : st.headers) {
        if (cookieOrHost(h.name))
            continue;
        CorrelationUse hu = {index, st.name, QStringLiteral("header ") + h.name, 0, false};
        if (count(h.value, 0, false, hu))
            uses.append(hu);
    }
    CorrelationUse bu = {index, st.name, QStringLiteral("body"), 0, false};
    if (count(st.body, 0, formBody(st), bu))
        uses.append(bu);
    return uses;
}

// The value was sent before (or by) the response that gives it: typed by the user, not correlated.
bool sentBefore(const QList<RecordedExchange> &exchanges, int upTo, const QString &value)
{
    const QString enc = encoded(value);
    for (int i = 0; i <= upTo; ++i) {
        const RecordedExchange &x = exchanges[i];
        const auto has = [&](const QString &text) {
            return !boundedOccurrences(text, value).isEmpty() ||
                   (enc != value && !boundedOccurrences(text, enc).isEmpty());
        };
        if (has(x.url) || has(x.requestBody))
            return true;
        for (const StepHeader &h : x.requestHeaders) {
            if (has(h.value))
                return true;
        }
    }
    return false;
}

} // namespace

bool nonTrivialValue(const QString &value)
{
    if (value.size() < 4 || value.size() > kMaxValueLength)
        return false;
    static const QRegularExpression digits(QStringLiteral("^-?[0-9]+$"));
    static const QRegularExpression word(QStringLiteral("^[A-Za-z]+$"));
    static const QRegularExpression unsafe(QStringLiteral("[\\s${}\\\\\"<>]"));
    if (value == QLatin1String("true") || value == QLatin1String("false") || value == QLatin1String("null"))
        return false;
    if (digits.match(value).hasMatch())
        return value.size() >= 4 && !value.startsWith(QLatin1Char('-'));
    if (word.match(value).hasMatch() && value.size() < 8)
        return false; // a plain word ("Kettle", "active") is content, not a token
    return !unsafe.match(value).hasMatch();
}

QList<CorrelationSuggestion> findCorrelations(const QList<RecordedExchange> &exchanges,
                                              const QList<Step> &steps)
{
    QList<CorrelationSuggestion> out;
    QSet<QString> tokens;
    for (const Step &st : steps) {
        addTokens(st.url.mid(pathStart(st.url)), tokens);
        for (const StepHeader &h : st.headers)
            if (!cookieOrHost(h.name))
                addTokens(h.value, tokens);
        addTokens(st.body, tokens);
    }
    QSet<QString> seen;
    QSet<QString> names;
    for (const char *builtin : {"vu", "iteration", "uuid", "now", "randomInt"})
        names.insert(QLatin1String(builtin));
    for (int i = 0; i < int(steps.size()) && i < int(exchanges.size()); ++i) {
        for (const Candidate &c : candidatesOf(exchanges[i], i)) {
            if (seen.contains(c.value))
                continue;
            const QString run = firstRun(c.value);
            if (!run.isEmpty() && !tokens.contains(run))
                continue;
            seen.insert(c.value); // the first response that gives a value is its source
            if (sentBefore(exchanges, i, c.value))
                continue;
            QList<CorrelationUse> uses;
            for (int j = i + 1; j < int(steps.size()); ++j)
                uses += usesIn(steps[j], j, c.value);
            if (uses.isEmpty() || !engineAgrees(exchanges[i], c))
                continue;
            CorrelationSuggestion s;
            s.id = QStringLiteral("C%1").arg(out.size() + 1);
            s.sourceStep = i;
            s.sourceStepName = steps[i].name;
            QString var = identifierFrom(c.name, QStringLiteral("value"));
            const QString base = var;
            for (int n = 2; names.contains(var); ++n)
                var = base + QStringLiteral("_%1").arg(n);
            names.insert(var);
            s.extraction.var = var;
            s.extraction.from = c.from;
            s.extraction.expression = c.expression;
            s.extraction.group = c.group;
            s.how = c.how;
            s.masked = secretLikeName(c.name) || c.value.size() >= 20;
            s.shownValue = s.masked ? maskSecret(c.value) : c.value;
            s.recordedValue = c.value;
            s.uses = uses;
            out.append(s);
        }
    }
    return out;
}

void applyCorrelation(QList<Step> &steps, const CorrelationSuggestion &s)
{
    if (s.sourceStep < 0 || s.sourceStep >= steps.size())
        return;
    steps[s.sourceStep].extract.append(s.extraction);
    const QString ref = QStringLiteral("{{%1}}").arg(s.extraction.var);
    const QString enc = encoded(s.recordedValue);
    for (const CorrelationUse &u : s.uses) {
        if (u.step < 0 || u.step >= steps.size())
            continue;
        Step &st = steps[u.step];
        if (u.place == QLatin1String("url")) {
            const qsizetype from = pathStart(st.url);
            replaceBounded(st.url, s.recordedValue, ref, from);
            if (enc != s.recordedValue)
                replaceBounded(st.url, enc, ref, from);
        } else if (u.place == QLatin1String("body")) {
            replaceBounded(st.body, s.recordedValue, ref);
            if (enc != s.recordedValue && formBody(st))
                replaceBounded(st.body, enc, ref);
        } else {
            const QString name = u.place.mid(7);
            for (StepHeader &h : st.headers) {
                if (h.name == name)
                    replaceBounded(h.value, s.recordedValue, ref);
            }
        }
    }
}

} // namespace lw::import
