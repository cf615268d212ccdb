#include "import/curlimport.h"

#include "import/recordedtext.h"
#include "import/secrets.h"

#include <QHash>
#include <QUrl>

namespace lw::import {

namespace {

enum class Opt
{
    Request,
    Header,
    Data,
    DataRaw,
    DataBinary,
    DataUrlencode,
    Json,
    Cookie,
    User,
    Compressed,
    Location,
    Insecure,
    UserAgent,
    Referer,
    Url,
    Get,
    Head,
    Ignored,
    IgnoredWithValue
};

struct OptSpec
{
    Opt opt;
    bool value;
    const char *note; // for Ignored*: why it has no effect
};

const QHash<QString, OptSpec> &longOptions()
{
    static const QHash<QString, OptSpec> m = {
        {QStringLiteral("request"), {Opt::Request, true, nullptr}},
        {QStringLiteral("header"), {Opt::Header, true, nullptr}},
        {QStringLiteral("data"), {Opt::Data, true, nullptr}},
        {QStringLiteral("data-ascii"), {Opt::Data, true, nullptr}},
        {QStringLiteral("data-raw"), {Opt::DataRaw, true, nullptr}},
        {QStringLiteral("data-binary"), {Opt::DataBinary, true, nullptr}},
        {QStringLiteral("data-urlencode"), {Opt::DataUrlencode, true, nullptr}},
        {QStringLiteral("json"), {Opt::Json, true, nullptr}},
        {QStringLiteral("cookie"), {Opt::Cookie, true, nullptr}},
        {QStringLiteral("user"), {Opt::User, true, nullptr}},
        {QStringLiteral("compressed"), {Opt::Compressed, false, nullptr}},
        {QStringLiteral("location"), {Opt::Location, false, nullptr}},
        {QStringLiteral("insecure"), {Opt::Insecure, false, nullptr}},
        {QStringLiteral("user-agent"), {Opt::UserAgent, true, nullptr}},
        {QStringLiteral("referer"), {Opt::Referer, true, nullptr}},
        {QStringLiteral("url"), {Opt::Url, true, nullptr}},
        {QStringLiteral("get"), {Opt::Get, false, nullptr}},
        {QStringLiteral("head"), {Opt::Head, false, nullptr}},
        {QStringLiteral("silent"), {Opt::Ignored, false, "output option"}},
        {QStringLiteral("show-error"), {Opt::Ignored, false, "output option"}},
        {QStringLiteral("verbose"), {Opt::Ignored, false, "output option"}},
        {QStringLiteral("include"), {Opt::Ignored, false, "output option"}},
        {QStringLiteral("no-progress-meter"), {Opt::Ignored, false, "output option"}},
        {QStringLiteral("fail"),
         {Opt::Ignored, false, "a status of 400 or more is an error in a run anyway"}},
        {QStringLiteral("globoff"), {Opt::Ignored, false, "URLs are taken literally"}},
        {QStringLiteral("http1.1"), {Opt::Ignored, false, "the run's protocol is chosen by the engine"}},
        {QStringLiteral("http2"), {Opt::Ignored, false, "the run's protocol is chosen by the engine"}},
        {QStringLiteral("output"), {Opt::IgnoredWithValue, true, "output option"}},
        {QStringLiteral("write-out"), {Opt::IgnoredWithValue, true, "output option"}},
        {QStringLiteral("connect-timeout"),
         {Opt::IgnoredWithValue, true, "the strategy's request_timeout applies"}},
        {QStringLiteral("max-time"), {Opt::IgnoredWithValue, true, "the strategy's request_timeout applies"}},
    };
    return m;
}

const QHash<QChar, QString> &shortOptions()
{
    static const QHash<QChar, QString> m = {
        {QLatin1Char('X'), QStringLiteral("request")},    {QLatin1Char('H'), QStringLiteral("header")},
        {QLatin1Char('d'), QStringLiteral("data")},       {QLatin1Char('b'), QStringLiteral("cookie")},
        {QLatin1Char('u'), QStringLiteral("user")},       {QLatin1Char('L'), QStringLiteral("location")},
        {QLatin1Char('k'), QStringLiteral("insecure")},   {QLatin1Char('A'), QStringLiteral("user-agent")},
        {QLatin1Char('e'), QStringLiteral("referer")},    {QLatin1Char('G'), QStringLiteral("get")},
        {QLatin1Char('I'), QStringLiteral("head")},       {QLatin1Char('s'), QStringLiteral("silent")},
        {QLatin1Char('S'), QStringLiteral("show-error")}, {QLatin1Char('v'), QStringLiteral("verbose")},
        {QLatin1Char('i'), QStringLiteral("include")},    {QLatin1Char('f'), QStringLiteral("fail")},
        {QLatin1Char('g'), QStringLiteral("globoff")},    {QLatin1Char('o'), QStringLiteral("output")},
        {QLatin1Char('w'), QStringLiteral("write-out")},  {QLatin1Char('m'), QStringLiteral("max-time")},
    };
    return m;
}

QString formEncoded(const QString &value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

struct Request
{
    QString method;
    QStringList urls;
    QList<StepHeader> headers;
    QStringList data;
    bool get = false;
    bool head = false;
    bool json = false;
};

} // namespace

std::optional<ImportResult> importCurl(const QString &text, const CurlOptions &options, CurlError *error)
{
    const auto failAt = [&](qsizetype offset, const QString &what) -> std::optional<ImportResult> {
        if (error) {
            lineColumn(text, offset, &error->line, &error->column);
            error->message =
                QStringLiteral("line %1, column %2: %3").arg(error->line).arg(error->column).arg(what);
        }
        return std::nullopt;
    };
    ShellError shellError;
    const auto commands = splitCommands(text, options.dialect, &shellError);
    if (!commands) {
        if (error) {
            error->message = shellError.message;
            error->line = shellError.line;
            error->column = shellError.column;
        }
        return std::nullopt;
    }
    if (commands->isEmpty())
        return failAt(0, QStringLiteral("no curl command found"));

    ImportResult result;
    QList<Step> steps;
    QHash<QString, int> names;
    QString origin; // scheme://authority of the first URL: becomes ${TARGET}
    for (qsizetype ci = 0; ci < commands->size(); ++ci) {
        const QList<ShellWord> &w = commands->at(ci).words;
        const QString program = w.front().text.toLower();
        if (program != QLatin1String("curl") && program != QLatin1String("curl.exe"))
            return failAt(w.front().offset,
                          QStringLiteral("expected a curl command, found '%1'").arg(w.front().text.left(40)));
        Request r;
        const auto note = [&](QList<CurlOptionNote> &list, const ShellWord &word, const QString &option,
                              const QString &why) {
            CurlOptionNote n;
            n.command = int(ci);
            lineColumn(text, word.offset, &n.line, &n.column);
            n.option = option;
            n.note = why;
            list.append(n);
        };
        for (qsizetype i = 1; i < w.size(); ++i) {
            const ShellWord &word = w[i];
            const QString &a = word.text;
            if (!a.startsWith(QLatin1Char('-')) || a == QLatin1String("-")) {
                r.urls.append(a);
                continue;
            }
            // Expand "-sSL" and "-XPOST" into (option, attached value) pairs.
            QList<QPair<QString, std::optional<QString>>> opts;
            if (a.startsWith(QLatin1String("--"))) {
                opts.append({a.mid(2), std::nullopt});
            } else {
                for (qsizetype k = 1; k < a.size(); ++k) {
                    const QString name = shortOptions().value(a.at(k));
                    if (name.isEmpty()) {
                        opts.append({QStringLiteral("-") + a.at(k), std::nullopt});
                        continue;
                    }
                    const OptSpec spec = longOptions().value(name);
                    if (spec.value && k + 1 < a.size()) {
                        opts.append({name, a.mid(k + 1)});
                        break;
                    }
                    opts.append({name, std::nullopt});
                }
            }
            for (const auto &[name, attached] : opts) {
                const auto it = longOptions().constFind(name);
                if (it == longOptions().constEnd()) {
                    note(result.unknownOptions, word,
                         name.startsWith(QLatin1Char('-')) ? name : QStringLiteral("--") + name, QString());
                    continue;
                }
                QString value;
                if (it->value) {
                    if (attached) {
                        value = *attached;
                    } else if (i + 1 < w.size()) {
                        value = w[++i].text;
                    } else {
                        return failAt(word.offset, QStringLiteral("%1 needs a value").arg(a));
                    }
                }
                switch (it->opt) {
                case Opt::Request:
                    r.method = value.toUpper();
                    break;
                case Opt::Header: {
                    const qsizetype colon = value.indexOf(QLatin1Char(':'));
                    if (colon <= 0) {
                        if (value.endsWith(QLatin1Char(';')))
                            r.headers.append({value.chopped(1).trimmed(), QString()});
                        else
                            return failAt(
                                word.offset,
                                QStringLiteral("-H '%1' is not a 'Name: value' header").arg(value.left(60)));
                    } else if (!value.mid(colon + 1).trimmed().isEmpty()) {
                        r.headers.append({value.left(colon).trimmed(), value.mid(colon + 1).trimmed()});
                    } else {
                        note(result.ignoredOptions, word, QStringLiteral("-H"),
                             QStringLiteral("'%1' removes a header curl adds; the engine does not add it")
                                 .arg(value));
                    }
                    break;
                }
                case Opt::Data:
                case Opt::DataBinary:
                    if (value.startsWith(QLatin1Char('@')))
                        return failAt(
                            word.offset,
                            QStringLiteral("%1 %2 reads a file, which cannot be imported; paste its content "
                                           "with --data-raw")
                                .arg(a, value.left(60)));
                    r.data.append(it->opt == Opt::Data
                                      ? QString(value).remove(QLatin1Char('\r')).remove(QLatin1Char('\n'))
                                      : value);
                    break;
                case Opt::DataRaw:
                    r.data.append(value);
                    break;
                case Opt::DataUrlencode: {
                    const qsizetype eq = value.indexOf(QLatin1Char('='));
                    const qsizetype atSign = value.indexOf(QLatin1Char('@'));
                    if (atSign >= 0 && (eq < 0 || atSign < eq))
                        return failAt(
                            word.offset,
                            QStringLiteral("--data-urlencode %1 reads a file, which cannot be imported")
                                .arg(value.left(60)));
                    r.data.append(eq < 0 ? formEncoded(value)
                                         : (eq == 0 ? QString() : value.left(eq) + QLatin1Char('=')) +
                                               formEncoded(value.mid(eq + 1)));
                    break;
                }
                case Opt::Json:
                    r.data.append(value);
                    r.json = true;
                    break;
                case Opt::Cookie:
                    if (value.contains(QLatin1Char('=')))
                        r.headers.append({QStringLiteral("Cookie"), value});
                    else
                        note(
                            result.ignoredOptions, word, QStringLiteral("-b"),
                            QStringLiteral("'%1' is a cookie file; its cookies are not imported").arg(value));
                    break;
                case Opt::User:
                    r.headers.append(
                        {QStringLiteral("Authorization"),
                         QStringLiteral("Basic ") + QString::fromLatin1(value.toUtf8().toBase64())});
                    break;
                case Opt::Compressed:
                    note(result.ignoredOptions, word, QStringLiteral("--compressed"),
                         QStringLiteral(
                             "the engine asks for uncompressed answers, so extractions and checks read "
                             "the body"));
                    break;
                case Opt::Location:
                    note(result.ignoredOptions, word, QStringLiteral("-L"),
                         QStringLiteral(
                             "a step gets the redirect itself (3xx); record the followed request as its "
                             "own step"));
                    break;
                case Opt::Insecure:
                    note(result.ignoredOptions, word, QStringLiteral("-k"),
                         QStringLiteral("certificate checks are the engine's setting, not the step's"));
                    break;
                case Opt::UserAgent:
                    r.headers.append({QStringLiteral("User-Agent"), value});
                    break;
                case Opt::Referer:
                    r.headers.append({QStringLiteral("Referer"), value});
                    break;
                case Opt::Url:
                    r.urls.append(value);
                    break;
                case Opt::Get:
                    r.get = true;
                    break;
                case Opt::Head:
                    r.head = true;
                    break;
                case Opt::Ignored:
                case Opt::IgnoredWithValue:
                    note(result.ignoredOptions, word, a, QString::fromLatin1(it->note));
                    break;
                }
            }
        }
        if (r.urls.isEmpty())
            return failAt(w.front().offset, QStringLiteral("this curl command has no URL"));

        QString body = r.data.join(QLatin1Char('&'));
        for (QString url : r.urls) {
            if (!url.contains(QLatin1String("://")))
                url.prepend(QStringLiteral("http://"));
            const QUrl u(url);
            if (!u.isValid() || u.host().isEmpty() ||
                (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")))
                return failAt(w.front().offset,
                              QStringLiteral("'%1' is not an http or https URL").arg(url.left(80)));
            QString method = r.method;
            QString stepBody = body;
            if (r.get && !body.isEmpty()) {
                url += (url.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?')) + body;
                stepBody.clear();
            }
            if (method.isEmpty())
                method = r.head ? QStringLiteral("HEAD")
                                : (!stepBody.isEmpty() ? QStringLiteral("POST") : QStringLiteral("GET"));
            Step st;
            st.method = method;
            const QString thisOrigin = u.scheme() + QStringLiteral("://") + u.authority();
            if (origin.isEmpty())
                origin = thisOrigin;
            if (thisOrigin == origin && url.startsWith(origin)) {
                const QString rest = url.mid(origin.size());
                st.url = QStringLiteral("${TARGET:-%1}").arg(origin) +
                         (rest.isEmpty() ? QStringLiteral("/") : literalText(rest));
            } else {
                st.url = literalText(url);
            }
            st.name = uniqueStepName(method, u.path(), names);
            for (const StepHeader &h : r.headers) {
                if (droppedHeader(h.name)) {
                    result.notes.append(
                        QStringLiteral("%1: header %2 left out (the engine sets it, or answers "
                                       "would come compressed)")
                            .arg(st.name, h.name));
                    continue;
                }
                st.headers.append({h.name, literalText(h.value)});
            }
            if (!stepBody.isEmpty() && !findHeader(st.headers, QStringLiteral("Content-Type")))
                st.headers.append({QStringLiteral("Content-Type"),
                                   r.json ? QStringLiteral("application/json")
                                          : QStringLiteral("application/x-www-form-urlencoded")});
            if (r.json && !findHeader(st.headers, QStringLiteral("Accept")))
                st.headers.append({QStringLiteral("Accept"), QStringLiteral("application/json")});
            st.body = literalText(stepBody);
            steps.append(st);
        }
    }
    for (const CurlOptionNote &n : result.unknownOptions)
        result.notes.append(
            QStringLiteral("line %1, column %2: option %3 is not understood and was not imported")
                .arg(n.line)
                .arg(n.column)
                .arg(n.option));

    const QString name =
        options.name.trimmed().isEmpty() ? QStringLiteral("Imported requests") : options.name.trimmed();
    result.draft = journeyStrategy(
        name,
        QStringLiteral("Imported from %1 curl command(s). The first URL's origin is "
                       "the pre-run variable TARGET (default %2). A one-user smoke profile: set the load "
                       "before a real test.")
            .arg(commands->size())
            .arg(origin),
        {QStringLiteral("imported"), QStringLiteral("curl")}, steps);
    result.secrets = findSecrets(steps, CookiePolicy::Variable);
    result.strategy = buildStrategy(result, ImportChoices());
    return result;
}

} // namespace lw::import
