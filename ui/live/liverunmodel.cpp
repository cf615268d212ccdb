#include "live/liverunmodel.h"

#include "model/strategywords.h"
#include "results/metricwindow.h"

#include <QObject>

#include <algorithm>

namespace lw::ui {

QString displayName(LatencyStat stat)
{
    switch (stat) {
    case LatencyStat::P50:
        return QStringLiteral("P50");
    case LatencyStat::P90:
        return QStringLiteral("P90");
    case LatencyStat::P95:
        return QStringLiteral("P95");
    case LatencyStat::P99:
        return QStringLiteral("P99");
    case LatencyStat::P999:
        return QStringLiteral("P99.9");
    case LatencyStat::Max:
        return QObject::tr("Max");
    case LatencyStat::Mean:
        return QObject::tr("Mean");
    }
    return {};
}

QList<LatencyStat> allLatencyStats()
{
    return {LatencyStat::P50,  LatencyStat::P90, LatencyStat::P95, LatencyStat::P99,
            LatencyStat::P999, LatencyStat::Max, LatencyStat::Mean};
}

double latencyMs(const LatencySummary &s, LatencyStat stat)
{
    switch (stat) {
    case LatencyStat::P50:
        return double(s.p50) / 1000.0;
    case LatencyStat::P90:
        return double(s.p90) / 1000.0;
    case LatencyStat::P95:
        return double(s.p95) / 1000.0;
    case LatencyStat::P99:
        return double(s.p99) / 1000.0;
    case LatencyStat::P999:
        return double(s.p999) / 1000.0;
    case LatencyStat::Max:
        return double(s.max) / 1000.0;
    case LatencyStat::Mean:
        return s.mean / 1000.0;
    }
    return 0;
}

LiveRunModel::LiveRunModel(int recentPoints, int maxBuckets) : m_recent(recentPoints), m_buckets(maxBuckets)
{
    for (auto &r : m_rates)
        r = newSeries();
}

LiveRunModel::~LiveRunModel() = default;

std::unique_ptr<DecimatedSeries> LiveRunModel::newSeries() const
{
    return std::make_unique<DecimatedSeries>(m_recent, m_buckets);
}

void LiveRunModel::clear()
{
    m_latency.clear();
    for (auto &r : m_rates)
        r->clear();
    m_resources.clear();
    m_events.clear();
    m_actionMarks.clear();
    m_errorsByClass.clear();
    m_statuses.clear();
    for (LiveCheckRow &c : m_checks)
        c.passes = c.fails = c.lastPasses = c.lastFails = 0;
    m_checkPasses = m_checkFails = 0;
    m_sent = m_completed = m_errors = 0;
    m_intervals = 0;
    m_lastS = 0;
    m_lastBottleneck = {};
    m_saturated = m_sinceSaturated = 0;
}

void LiveRunModel::setLoadProfile(const LoadProfile &profile)
{
    m_stages.clear();
    double t = 0;
    double previous = 0;
    int number = 0;
    for (const Stage &s : profile.stages) {
        ++number;
        const std::optional<qint64> ms = parseDurationMs(s.duration);
        if (!ms)
            continue;
        const double end = t + double(*ms) / 1000.0;
        const QString label = describeStage(s, previous, profile.model); // the report's words too
        previous = s.target;
        if (*ms > 0)
            m_stages.append({number, t, end, label});
        t = end;
    }
    m_plannedS = t;
}

void LiveRunModel::setRequestNames(const QStringList &names)
{
    for (const QString &n : names) {
        if (!m_requestNames.contains(n))
            m_requestNames.append(n);
    }
}

double LiveCheckRow::failurePercent() const
{
    return CheckCount{name, passes, fails}.failurePercent();
}

QString LiveRunModel::scopeKey(ScopeKind kind, const QString &name)
{
    // A control character keeps the key apart from any request name.
    return QChar(0x1f) + ScenarioScope{kind, name, 0, 0, 0, {}, {}}.key();
}

QString LiveRunModel::scopeLabel(ScopeKind kind, const QString &name)
{
    return kind == ScopeKind::Transaction ? QObject::tr("Transaction %1").arg(name)
                                          : QObject::tr("Iteration %1").arg(name);
}

void LiveRunModel::setScenarioScopes(const QList<LiveScope> &scopes, const QStringList &checkNames)
{
    for (const LiveScope &s : scopes) {
        if (std::none_of(m_scopes.cbegin(), m_scopes.cend(),
                         [&s](const LiveScope &o) { return o.key == s.key; }))
            m_scopes.append(s);
    }
    for (const QString &n : checkNames) {
        if (std::none_of(m_checks.cbegin(), m_checks.cend(),
                         [&n](const LiveCheckRow &c) { return c.name == n; }))
            m_checks.append(LiveCheckRow{n, 0, 0, 0, 0});
    }
}

void LiveRunModel::addScenarios(double t, const QJsonObject &scenarios)
{
    // One interval: decoding is all a "merge" of one does. A histogram that does not decode leaves a
    // gap in that scope's series (the run store refuses such intervals with a message anyway).
    ScenarioTotals one;
    if (!one.add(scenarios, nullptr))
        return;
    for (const ScenarioScope &sc : one.scopes()) {
        const QString key = scopeKey(sc.kind, sc.name);
        if (std::none_of(m_scopes.cbegin(), m_scopes.cend(),
                         [&key](const LiveScope &o) { return o.key == key; }))
            m_scopes.append(LiveScope{key, scopeLabel(sc.kind, sc.name)});
        appendLatency(key, t, sc.duration);
    }
    for (const CheckCount &c : one.checks()) {
        auto it = std::find_if(m_checks.begin(), m_checks.end(),
                               [&c](const LiveCheckRow &row) { return row.name == c.name; });
        if (it == m_checks.end()) {
            m_checks.append(LiveCheckRow{c.name, 0, 0, 0, 0});
            it = m_checks.end() - 1;
        }
        it->passes += c.passes;
        it->fails += c.fails;
        if (c.passes + c.fails > 0) {
            it->lastPasses = c.passes;
            it->lastFails = c.fails;
        }
        m_checkPasses += c.passes;
        m_checkFails += c.fails;
    }
}

LiveRunModel::LatencySet &LiveRunModel::latencySet(const QString &scope)
{
    LatencySet &set = m_latency[scope];
    if (!set[0]) {
        for (auto &s : set)
            s = newSeries();
    }
    return set;
}

void LiveRunModel::appendLatency(const QString &scope, double t, const LatencySummary &s)
{
    if (s.count <= 0)
        return; // no response in this interval: a gap, not a zero latency
    LatencySet &set = latencySet(scope);
    for (LatencyStat stat : allLatencyStats())
        set[size_t(stat)]->append(t, latencyMs(s, stat));
}

void LiveRunModel::addInterval(const EngineInterval &in)
{
    const double t = in.endS;
    const double span = std::max(1e-3, in.endS - in.startS);
    appendLatency(allRequests(), t, in.latency);
    for (const EngineRequestInterval &r : in.requests) {
        if (!m_requestNames.contains(r.name))
            m_requestNames.append(r.name);
        appendLatency(r.name, t, r.latency);
    }
    if (!in.scenarios.isEmpty())
        addScenarios(t, in.scenarios);
    for (auto it = in.errorsByClass.cbegin(); it != in.errorsByClass.cend(); ++it) {
        if (it.value() != 0)
            m_errorsByClass[it.key()] += it.value();
    }
    for (auto it = in.statuses.cbegin(); it != in.statuses.cend(); ++it)
        m_statuses[it.key()] += it.value();
    m_rates[size_t(RateSeries::Sent)]->append(t, double(in.sent) / span);
    m_rates[size_t(RateSeries::Completed)]->append(t, double(in.completed) / span);
    // The safety monitor's own definition, so the line and its limit agree.
    const std::optional<double> errorPct =
        MetricWindow::errorRatePercent(in.completed, in.errors, in.errorsByClass);
    m_rates[size_t(RateSeries::ErrorPct)]->append(t, errorPct.value_or(0.0));
    m_lastIntervalS = span;
    m_sent += in.sent;
    m_completed += in.completed;
    m_errors += in.errors;
    ++m_intervals;
    m_lastS = std::max(m_lastS, t);
    m_lastBottleneck = in.bottleneck;
    if (in.bottleneck.cpu || in.bottleneck.scheduleLag) {
        ++m_saturated;
        m_sinceSaturated = 0;
    } else {
        ++m_sinceSaturated;
    }
}

std::optional<double> LiveRunModel::runErrorPercent() const
{
    return MetricWindow::errorRatePercent(m_completed, m_errors, m_errorsByClass);
}

void LiveRunModel::addResource(const ResourceSample &sample)
{
    if (!sample.error.isEmpty())
        return;
    auto &keys = m_resources[sample.source];
    for (auto it = sample.values.cbegin(); it != sample.values.cend(); ++it) {
        auto found = keys.find(it.key());
        if (found == keys.end()) {
            if (int(keys.size()) >= kMaxSeriesPerSource)
                continue;
            found = keys.emplace(it.key(), newSeries()).first;
        }
        found->second->append(sample.elapsedS, it.value());
    }
    m_lastS = std::max(m_lastS, sample.elapsedS);
}

void LiveRunModel::addEvent(const RunEvent &event)
{
    if (m_events.size() >= kMaxEvents)
        m_events.removeFirst();
    m_events.append(event);
    if (isSafetyAction(event)) {
        const auto action = fromString<SafetyAction>(event.data.value(QStringLiteral("action")).toString());
        if (!action || *action == SafetyAction::Alert)
            return;
        ActionMark mark{event.elapsedS, toString(*action).replace(QLatin1Char('_'), QLatin1Char(' ')),
                        *action};
        const double scale = event.data.value(QStringLiteral("scale")).toDouble(1.0);
        if (*action == SafetyAction::Throttle)
            mark.label += QStringLiteral(" x") + QString::number(scale, 'g', 3);
        m_actionMarks.append(mark);
    }
}

const DecimatedSeries *LiveRunModel::latency(const QString &scope, LatencyStat stat) const
{
    const auto it = m_latency.find(scope);
    return it == m_latency.end() ? nullptr : it->second[size_t(stat)].get();
}

const DecimatedSeries &LiveRunModel::rate(RateSeries which) const
{
    return *m_rates[size_t(which)];
}

const DecimatedSeries *LiveRunModel::resource(const QString &source, const QString &key) const
{
    const auto s = m_resources.find(source);
    if (s == m_resources.end())
        return nullptr;
    const auto k = s->second.find(key);
    return k == s->second.end() ? nullptr : k->second.get();
}

QStringList LiveRunModel::resourceSources() const
{
    QStringList out;
    for (const auto &[source, keys] : m_resources)
        out << source;
    return out;
}

QStringList LiveRunModel::resourceKeys(const QString &source) const
{
    QStringList out;
    const auto s = m_resources.find(source);
    if (s != m_resources.end()) {
        for (const auto &[key, series] : s->second)
            out << key;
    }
    return out;
}

QList<ErrorBreakdownRow> LiveRunModel::errorBreakdown() const
{
    QList<ErrorBreakdownRow> rows;
    qint64 total = 0;
    for (auto it = m_errorsByClass.cbegin(); it != m_errorsByClass.cend(); ++it)
        total += it.value();
    for (auto it = m_errorsByClass.cbegin(); it != m_errorsByClass.cend(); ++it) {
        ErrorBreakdownRow row;
        row.key = it.key();
        if (it.key().startsWith(QLatin1String("http_")))
            row.label = QStringLiteral("HTTP %1").arg(it.key().mid(5));
        else if (it.key() == QLatin1String("tls"))
            row.label = QStringLiteral("TLS");
        else
            row.label = it.key().left(1).toUpper() + it.key().mid(1);
        row.count = it.value();
        row.share = total > 0 ? double(it.value()) / double(total) : 0;
        rows.append(row);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const ErrorBreakdownRow &a, const ErrorBreakdownRow &b) {
        return a.count > b.count;
    });
    return rows;
}

} // namespace lw::ui
