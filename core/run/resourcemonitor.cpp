#include "run/resourcemonitor.h"

#include "run/httpfetch.h"
#include "run/procstats.h"
#include "run/prometheus.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace lw {

namespace {

// Scrape timeouts stay below the interval so a scrape is over before the next tick.
FetchOptions scrapeOptions(qint64 intervalMs)
{
    FetchOptions o;
    o.totalTimeoutMs = qBound(qint64(50), intervalMs * 8 / 10, qint64(30000));
    o.connectTimeoutMs = qBound(qint64(50), intervalMs / 2, qint64(10000));
    o.maxBytes = 32 * 1024 * 1024;
    o.followSameHostRedirects = true;
    return o;
}

struct ScrapeOutcome
{
    QString error;
    prometheus::Exposition exposition;
};

ScrapeOutcome scrape(const QString &url, const FetchOptions &options)
{
    ScrapeOutcome out;
    const FetchResult r = httpGet(url, options);
    if (!r.ok) {
        out.error = r.error;
    } else if (r.status != 200) {
        out.error = r.redirectUrl.isEmpty()
                        ? QStringLiteral("HTTP %1").arg(r.status)
                        : QStringLiteral("HTTP %1 (redirect to %2 not followed: another host)")
                              .arg(r.status)
                              .arg(r.redirectUrl);
    } else {
        prometheus::ParseResult parsed = prometheus::parseText(r.body);
        if (!parsed.ok())
            out.error = parsed.error;
        else
            out.exposition = std::move(parsed.exposition);
    }
    return out;
}

} // namespace

struct ResourceMonitor::Private
{
    struct Endpoint
    {
        PrometheusEndpoint plan;
        QString source;
        QString unusable; // the URL cannot be scraped at all
        std::unique_ptr<prometheus::SeriesSelection> selection;
        bool inFlight = false;
    };

    MonitoringPlan plan;
    qint64 intervalMs = 1000;
    qint64 runStartMs = 0;
    bool running = false;
    quint64 generation = 0; // results of scrapes started before the last stop() are dropped
    std::shared_ptr<std::atomic<bool>> cancelScrapes = std::make_shared<std::atomic<bool>>(false);
    QStringList warnings;
    std::optional<procstats::HostSampler> host;
    std::vector<std::unique_ptr<procstats::ProcessSampler>> processes;
    std::vector<Endpoint> endpoints;
    QElapsedTimer monotonic;
    QTimer *timer = nullptr;
    QThreadPool pool;

    ResourceMonitor *q = nullptr;

    void tick();
    void startScrape(std::size_t index, qint64 atMs, bool emitResult);
    void scrapeDone(std::size_t index, qint64 atMs, bool emitResult, quint64 startedGeneration,
                    const QString &error, const prometheus::Exposition &exposition);

    ResourceSample makeSample(const QString &source, qint64 atMs) const
    {
        ResourceSample s;
        s.atMs = atMs;
        s.elapsedS = (atMs - runStartMs) / 1000.0;
        s.source = source;
        return s;
    }
};

ResourceMonitor::ResourceMonitor(const MonitoringPlan &plan, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    qRegisterMetaType<lw::ResourceSample>();
    d->q = this;
    d->plan = plan;
    const std::optional<qint64> interval = parseDurationMs(plan.interval);
    if (!interval || *interval < 100)
        d->warnings << QStringLiteral(
                           "monitoring interval '%1' is not a duration of at least 100ms; using 1s")
                           .arg(plan.interval);
    d->intervalMs = (interval && *interval >= 100) ? *interval : 1000;

    for (const ProcessWatch &w : plan.processes)
        d->processes.push_back(std::make_unique<procstats::ProcessSampler>(w.pid, w.name));
    for (const PrometheusEndpoint &ep : plan.prometheus) {
        Private::Endpoint e;
        e.plan = ep;
        e.source = QStringLiteral("prometheus:") + (ep.name.isEmpty() ? ep.url : ep.name);
        const QUrl url(ep.url);
        if (!url.isValid() || url.host().isEmpty() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            e.unusable = QStringLiteral("'%1' is not an http:// or https:// URL with a host").arg(ep.url);
        e.selection = std::make_unique<prometheus::SeriesSelection>(ep.metrics);
        for (const QString &bad : e.selection->invalidSelectors())
            d->warnings << e.source + QStringLiteral(": ") + bad;
        if (!e.unusable.isEmpty())
            d->warnings << e.source + QStringLiteral(": ") + e.unusable;
        d->endpoints.push_back(std::move(e));
    }
    d->pool.setMaxThreadCount(qMax(1, int(d->endpoints.size())));

    d->timer = new QTimer(this);
    d->timer->setTimerType(Qt::PreciseTimer);
    d->timer->setInterval(int(d->intervalMs));
    connect(d->timer, &QTimer::timeout, this, [this] { d->tick(); });
}

ResourceMonitor::~ResourceMonitor()
{
    d->cancelScrapes->store(true);
    d->pool.waitForDone(); // transfers notice the flag within about 100 ms
}

qint64 ResourceMonitor::intervalMs() const
{
    return d->intervalMs;
}

QStringList ResourceMonitor::sources() const
{
    QStringList list;
    if (d->plan.host)
        list << QStringLiteral("host");
    for (const auto &p : d->processes)
        list << p->source();
    for (const auto &e : d->endpoints)
        list << e.source;
    return list;
}

QStringList ResourceMonitor::planWarnings() const
{
    return d->warnings;
}

bool ResourceMonitor::isRunning() const
{
    return d->running;
}

void ResourceMonitor::start(qint64 runStartMs)
{
    if (d->running)
        return;
    d->running = true;
    d->runStartMs = runStartMs;
    d->cancelScrapes = std::make_shared<std::atomic<bool>>(false);
    d->monotonic.start();
    const qint64 now = d->monotonic.elapsed();
    if (d->plan.host) {
        d->host.emplace();
        d->host->prime(now);
    }
    for (const auto &p : d->processes)
        p->prime(now);
    for (auto &e : d->endpoints) {
        e.selection = std::make_unique<prometheus::SeriesSelection>(e.plan.metrics);
        e.inFlight = false;
    }
    // Scrape once now so the first tick's sample already has counter rates.
    for (std::size_t i = 0; i < d->endpoints.size(); ++i)
        d->startScrape(i, QDateTime::currentMSecsSinceEpoch(), /*emitResult=*/false);
    d->timer->start();
}

void ResourceMonitor::stop()
{
    if (!d->running)
        return;
    d->running = false;
    d->timer->stop();
    ++d->generation;
    d->cancelScrapes->store(true);
    for (auto &e : d->endpoints)
        e.inFlight = false;
}

void ResourceMonitor::Private::tick()
{
    const qint64 now = monotonic.elapsed();
    const qint64 atMs = QDateTime::currentMSecsSinceEpoch();
    if (host) {
        ResourceSample s = makeSample(QStringLiteral("host"), atMs);
        s.values = host->sample(now, &s.error);
        Q_EMIT q->sampled(s);
    }
    for (const auto &p : processes) {
        ResourceSample s = makeSample(p->source(), atMs);
        s.values = p->sample(now, &s.error);
        Q_EMIT q->sampled(s);
    }
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
        Private::Endpoint &e = endpoints[i];
        if (!e.unusable.isEmpty() || e.inFlight) {
            ResourceSample s = makeSample(e.source, atMs);
            s.error = e.inFlight ? QStringLiteral("previous scrape still running") : e.unusable;
            Q_EMIT q->sampled(s);
            continue;
        }
        startScrape(i, atMs, true);
    }
}

void ResourceMonitor::Private::startScrape(std::size_t index, qint64 atMs, bool emitResult)
{
    Private::Endpoint &e = endpoints[index];
    if (!e.unusable.isEmpty() || e.inFlight)
        return;
    e.inFlight = true;
    FetchOptions options = scrapeOptions(intervalMs);
    const std::shared_ptr<std::atomic<bool>> cancel = cancelScrapes;
    const quint64 startedGeneration = generation;
    const QString url = e.plan.url;
    // The pool is a member and the destructor waits for it, so `this` and q outlive every task.
    pool.start([this, cancel, options, url, index, atMs, emitResult, startedGeneration]() mutable {
        options.cancelled = cancel.get();
        auto outcome = std::make_shared<ScrapeOutcome>(scrape(url, options));
        if (cancel->load())
            return;
        QMetaObject::invokeMethod(
            q,
            [this, outcome, index, atMs, emitResult, startedGeneration] {
                scrapeDone(index, atMs, emitResult, startedGeneration, outcome->error, outcome->exposition);
            },
            Qt::QueuedConnection);
    });
}

void ResourceMonitor::Private::scrapeDone(std::size_t index, qint64 atMs, bool emitResult,
                                          quint64 startedGeneration, const QString &error,
                                          const prometheus::Exposition &exposition)
{
    if (startedGeneration != generation || !running)
        return;
    Private::Endpoint &e = endpoints[index];
    e.inFlight = false;
    ResourceSample s = makeSample(e.source, atMs);
    if (error.isEmpty())
        s.values = e.selection->apply(exposition, monotonic.elapsed());
    s.error = error;
    if (emitResult)
        Q_EMIT q->sampled(s);
}

} // namespace lw
