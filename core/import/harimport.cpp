#include "import/harimport.h"

#include "import/correlation.h"
#include "import/recordedtext.h"
#include "import/secrets.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QTimeZone>
#include <QUrl>

#include <cmath>

namespace lw::import {

namespace {

using Reason = LeftOutRequest::Reason;

// Kinds of static assets, by Chromium's resource type, MIME type or file extension.
QString assetKind(const RecordedExchange &x)
{
    static const QHash<QString, QString> types = {
        {QStringLiteral("image"), QStringLiteral("image")},
        {QStringLiteral("font"), QStringLiteral("font")},
        {QStringLiteral("script"), QStringLiteral("script")},
        {QStringLiteral("stylesheet"), QStringLiteral("style sheet")},
        {QStringLiteral("media"), QStringLiteral("media")},
        {QStringLiteral("manifest"), QStringLiteral("manifest")},
        {QStringLiteral("texttrack"), QStringLiteral("media")}};
    if (types.contains(x.resourceType))
        return types.value(x.resourceType);
    if (!x.resourceType.isEmpty() && x.resourceType != QLatin1String("other"))
        return QString(); // document, xhr, fetch, ...: Chromium said what it is
    const QString mime = x.responseMime.section(QLatin1Char(';'), 0, 0).trimmed().toLower();
    if (mime.startsWith(QLatin1String("image/")))
        return QStringLiteral("image");
    if (mime.startsWith(QLatin1String("font/")) || mime.contains(QLatin1String("font-")))
        return QStringLiteral("font");
    if (mime == QLatin1String("text/css"))
        return QStringLiteral("style sheet");
    if (mime.contains(QLatin1String("javascript")) || mime == QLatin1String("text/ecmascript"))
        return QStringLiteral("script");
    if (mime.startsWith(QLatin1String("audio/")) || mime.startsWith(QLatin1String("video/")))
        return QStringLiteral("media");
    const QString path = QUrl(x.url).path().toLower();
    static const QList<QPair<QStringList, QString>> extensions = {
        {{QStringLiteral(".png"), QStringLiteral(".jpg"), QStringLiteral(".jpeg"), QStringLiteral(".gif"),
          QStringLiteral(".svg"), QStringLiteral(".ico"), QStringLiteral(".webp"), QStringLiteral(".avif"),
          QStringLiteral(".bmp")},
         QStringLiteral("image")},
        {{QStringLiteral(".woff"), QStringLiteral(".woff2"), QStringLiteral(".ttf"), QStringLiteral(".otf"),
          QStringLiteral(".eot")},
         QStringLiteral("font")},
        {{QStringLiteral(".css")}, QStringLiteral("style sheet")},
        {{QStringLiteral(".js"), QStringLiteral(".mjs"), QStringLiteral(".map")}, QStringLiteral("script")},
        {{QStringLiteral(".mp4"), QStringLiteral(".webm"), QStringLiteral(".mp3"), QStringLiteral(".wav"),
          QStringLiteral(".ogg"), QStringLiteral(".m4a")},
         QStringLiteral("media")}};
    for (const auto &e : extensions) {
        for (const QString &ext : e.first) {
            if (path.endsWith(ext))
                return e.second;
        }
    }
    return QString();
}

QString authority(const QUrl &u)
{
    const int port = u.port(u.scheme() == QLatin1String("https") ? 443 : 80);
    return u.host().toLower() + QLatin1Char(':') + QString::number(port);
}

bool hostListed(const QStringList &hosts, const QUrl &u)
{
    for (const QString &h : hosts) {
        const QString want = h.trimmed().toLower();
        if (want == u.host().toLower() || want == authority(u) ||
            want == u.host().toLower() + QLatin1Char(':') + QString::number(u.port()))
            return true;
    }
    return false;
}

const QStringList kSupportedMethods = {
    QStringLiteral("GET"),   QStringLiteral("HEAD"),   QStringLiteral("POST"),   QStringLiteral("PUT"),
    QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("OPTIONS")};

// Why an exchange is left out by default; nullopt when it is a step.
std::optional<LeftOutRequest> leaveOut(const RecordedExchange &x, const QString &primary, const HarOptions &o)
{
    LeftOutRequest l;
    l.entry = x.entry;
    l.method = x.method;
    l.url = x.url;
    const QUrl u(x.url);
    const QString scheme = u.scheme().toLower();
    if (!u.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        u.host().isEmpty()) {
        l.reason = Reason::NotHttp;
        l.detail = scheme.isEmpty() ? QStringLiteral("no scheme") : scheme;
        return l;
    }
    if (x.resourceType == QLatin1String("websocket") || scheme.startsWith(QLatin1String("ws")) ||
        !kSupportedMethods.contains(x.method)) {
        l.reason = Reason::Unsupported;
        l.detail = x.resourceType == QLatin1String("websocket") ? QStringLiteral("WebSocket") : x.method;
        return l;
    }
    if (o.include.contains(x.entry))
        return std::nullopt;
    if (x.resourceType == QLatin1String("preflight") ||
        (x.method == QLatin1String("OPTIONS") &&
         findHeader(x.requestHeaders, QStringLiteral("Access-Control-Request-Method")))) {
        l.reason = Reason::Preflight;
        return l;
    }
    if (x.status == 0) {
        l.reason = Reason::NoResponse;
        return l;
    }
    if (x.fromCache) {
        l.reason = Reason::Cached;
        return l;
    }
    if (authority(u) != primary && !hostListed(o.keepHosts, u)) {
        l.reason = Reason::ThirdParty;
        l.detail = u.port() > 0 ? u.host() + QLatin1Char(':') + QString::number(u.port()) : u.host();
        return l;
    }
    const QString kind = assetKind(x);
    if (!kind.isEmpty() && !o.keepAssets) {
        l.reason = Reason::Asset;
        l.detail = kind;
        return l;
    }
    return std::nullopt;
}

} // namespace

QString LeftOutRequest::describe() const
{
    switch (reason) {
    case Reason::Asset:
        return QStringLiteral("static asset (%1)").arg(detail);
    case Reason::ThirdParty:
        return QStringLiteral("third-party host %1").arg(detail);
    case Reason::Cached:
        return QStringLiteral("served from the browser cache");
    case Reason::Preflight:
        return QStringLiteral("CORS preflight (the browser's own request)");
    case Reason::NoResponse:
        return QStringLiteral("no response (blocked or cancelled)");
    case Reason::NotHttp:
        return QStringLiteral("not an HTTP request (%1)").arg(detail);
    case Reason::Unsupported:
        return QStringLiteral("not supported (%1)").arg(detail);
    }
    return QString();
}

qint64 roundedThinkTimeMs(double gapMs)
{
    if (!(gapMs >= 200))
        return 0;
    const double step = gapMs < 2000 ? 100 : gapMs < 10000 ? 500 : 1000;
    return qint64(std::llround(gapMs / step) * step);
}

std::optional<ImportResult> importHar(const QByteArray &har, const HarOptions &options, HarError *error)
{
    std::optional<HarDocument> doc = readHar(har, error);
    if (!doc)
        return std::nullopt;
    QList<RecordedExchange> all = doc->exchanges;
    std::stable_sort(all.begin(), all.end(), [](const RecordedExchange &a, const RecordedExchange &b) {
        return a.startedMs < b.startedMs;
    });

    // The site is the host of the first document (else the first HTML answer, else the first request).
    const RecordedExchange *first = nullptr;
    for (const RecordedExchange &x : all) {
        if (x.resourceType == QLatin1String("document")) {
            first = &x;
            break;
        }
    }
    for (const RecordedExchange &x : all) {
        if (!first && x.responseMime.contains(QLatin1String("html"), Qt::CaseInsensitive))
            first = &x;
    }
    if (!first && !all.isEmpty())
        first = &all.front();
    ImportResult result;
    if (!first) {
        if (error) {
            error->path = QStringLiteral("log.entries");
            error->message = QStringLiteral("log.entries: the recording has no request");
        }
        return std::nullopt;
    }
    const QUrl site(first->url);
    const QString primary = authority(site);
    const QString origin = site.scheme() + QStringLiteral("://") + site.authority();

    QList<RecordedExchange> kept;
    for (const RecordedExchange &x : all) {
        if (auto l = leaveOut(x, primary, options))
            result.leftOut.append(*l);
        else
            kept.append(x);
    }
    if (kept.isEmpty()) {
        if (error) {
            error->path = QStringLiteral("log.entries");
            error->message = QStringLiteral("log.entries: no request is left after filtering (%1 left out); "
                                            "keep assets or hosts to import some")
                                 .arg(result.leftOut.size());
        }
        return std::nullopt;
    }

    Scenario sc;
    QHash<QString, int> names;
    for (qsizetype i = 0; i < kept.size(); ++i) {
        const RecordedExchange &x = kept[i];
        Step st;
        st.name = uniqueStepName(x.method, QUrl(x.url).path(), names);
        st.method = x.method;
        const QUrl u(x.url);
        // The site's origin becomes ${TARGET}, so the strategy can aim at another host.
        if (authority(u) == primary && x.url.startsWith(origin, Qt::CaseInsensitive)) {
            const QString rest = x.url.mid(origin.size());
            st.url = QStringLiteral("${TARGET:-%1}").arg(origin) +
                     (rest.isEmpty() ? QStringLiteral("/") : literalText(rest));
        } else {
            st.url = literalText(x.url);
        }
        for (const StepHeader &h : x.requestHeaders) {
            if (!droppedHeader(h.name))
                st.headers.append({h.name, literalText(h.value)});
        }
        st.body = literalText(x.requestBody);
        if (!x.requestBody.isEmpty() && !findHeader(st.headers, QStringLiteral("Content-Type")) &&
            !x.requestMime.isEmpty())
            st.headers.append({QStringLiteral("Content-Type"), x.requestMime});
        if (x.bodyHasFiles)
            result.notes.append(
                QStringLiteral("%1: the recorded form uploads a file; a HAR does not hold its "
                               "content, so the body has only the other fields")
                    .arg(st.name));
        if (x.status >= 200 && x.status < 400 && x.status != 304) {
            Check c;
            c.name = QStringLiteral("status %1").arg(x.status);
            c.type = CheckType::Status;
            c.statuses = {x.status};
            st.checks.append(c);
        } else if (x.status >= 400) {
            result.notes.append(
                QStringLiteral("%1: the recording answered %2, which counts as an error in a run")
                    .arg(st.name)
                    .arg(x.status));
        }
        if (options.thinkTimes && i + 1 < kept.size()) {
            const double gap = kept[i + 1].startedMs - (x.startedMs + x.timeMs);
            st.thinkTime = formatDuration(roundedThinkTimeMs(gap));
        }
        st.onFailure = StepFailure::EndIteration;
        sc.steps.append(st);
    }

    const QString name =
        options.name.trimmed().isEmpty()
            ? (doc->pageTitle.isEmpty() ? QStringLiteral("Imported journey") : doc->pageTitle.left(120))
            : options.name.trimmed();
    result.draft = journeyStrategy(
        name,
        QStringLiteral("Recorded with %1 on %2: %3 requests kept as steps, %4 left out. The site's origin is "
                       "the pre-run variable TARGET (default %5). A one-user smoke profile: set the load "
                       "before a real test.")
            .arg(doc->creator.isEmpty() ? QStringLiteral("a browser") : doc->creator)
            .arg(QDateTime::fromMSecsSinceEpoch(qint64(kept.front().startedMs), Qt::UTC)
                     .toString(QStringLiteral("yyyy-MM-dd")))
            .arg(kept.size())
            .arg(result.leftOut.size())
            .arg(origin),
        {QStringLiteral("imported"), QStringLiteral("har")}, sc.steps);
    result.secrets = findSecrets(sc.steps, CookiePolicy::Jar);
    result.suggestions = findCorrelations(kept, sc.steps);
    result.strategy = buildStrategy(result, ImportChoices());
    return result;
}

ImportChoices ImportChoices::acceptAll(const ImportResult &r)
{
    ImportChoices c;
    for (const CorrelationSuggestion &s : r.suggestions)
        c.acceptedSuggestions.insert(s.id);
    return c;
}

Strategy buildStrategy(const ImportResult &r, const ImportChoices &choices)
{
    Strategy s = r.draft;
    for (Scenario &sc : s.scenarios) {
        // Longer values first, so a value that contains another is replaced whole.
        QList<CorrelationSuggestion> accepted;
        for (const CorrelationSuggestion &c : r.suggestions) {
            if (choices.acceptedSuggestions.contains(c.id))
                accepted.append(c);
        }
        std::stable_sort(accepted.begin(), accepted.end(), [](const auto &a, const auto &b) {
            return a.recordedValue.size() > b.recordedValue.size();
        });
        for (const CorrelationSuggestion &c : accepted)
            applyCorrelation(sc.steps, c);
        // Extractions in suggestion order within a step.
        for (Step &st : sc.steps) {
            std::stable_sort(st.extract.begin(), st.extract.end(),
                             [&r](const Extraction &a, const Extraction &b) {
                                 const auto rank = [&r](const Extraction &e) {
                                     for (qsizetype i = 0; i < r.suggestions.size(); ++i)
                                         if (r.suggestions[i].extraction.var == e.var)
                                             return i;
                                     return qsizetype(-1);
                                 };
                                 return rank(a) < rank(b);
                             });
        }
        for (const FlaggedSecret &secret : r.secrets) {
            if (!choices.keptSecrets.contains(secret.id))
                applySecret(sc.steps, secret);
        }
    }
    return s;
}

QStringList secretVariablesUsed(const ImportResult &r, const Strategy &built)
{
    QSet<QString> used;
    QString all;
    for (const Scenario &sc : built.scenarios) {
        for (const Step &st : sc.steps) {
            all += st.url + QLatin1Char('\n') + st.body + QLatin1Char('\n');
            for (const StepHeader &h : st.headers)
                all += h.value + QLatin1Char('\n');
        }
    }
    for (const FlaggedSecret &s : r.secrets) {
        if (!s.variable.isEmpty() && all.contains(QStringLiteral("${%1}").arg(s.variable)))
            used.insert(s.variable);
    }
    QStringList out(used.cbegin(), used.cend());
    out.sort();
    return out;
}

} // namespace lw::import
