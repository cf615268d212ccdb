// Reading a run for a comparison, and the comparison as JSON.
#include "stats/comparison.h"

#include "storage/runstore.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace lw::stats {

namespace {

// Each interval's transaction and iteration histograms (its `scenarios` object), decoded once; every
// scope gets one entry per interval, empty where the interval recorded none of it.
bool readScopes(RunSamples *samples, QString *error)
{
    const size_t n = size_t(samples->intervals.size());
    for (size_t i = 0; i < n; ++i) {
        EngineInterval &interval = samples->intervals[qsizetype(i)];
        const bool decoded = forEachScopeEntry(interval.scenarios, [&](ScopeKind kind, const QJsonObject &e,
                                                                       int) {
            const QString name = e.value(QLatin1String("name")).toString();
            auto it = std::find_if(samples->scopes.begin(), samples->scopes.end(),
                                   [&](const ScopeSamples &s) { return s.kind == kind && s.name == name; });
            if (it == samples->scopes.end()) {
                samples->scopes.append(ScopeSamples{kind, name, {}});
                it = samples->scopes.end() - 1;
            }
            it->histograms.resize(n);
            const QByteArray encoded = e.value(QLatin1String("histogram")).toString().toLatin1();
            if (encoded.isEmpty())
                return true;
            std::string why;
            const auto h = hdr::HdrHistogram::decodeCompressed(
                std::string_view(encoded.constData(), size_t(encoded.size())), &why);
            if (!h) {
                *error = QStringLiteral("the %1 histogram of %2 in interval %3 of run %4 does not decode: %5")
                             .arg(toString(kind), name)
                             .arg(interval.index)
                             .arg(samples->runId)
                             .arg(QString::fromStdString(why));
                return false;
            }
            it->histograms[i] = IntervalBuckets::from(*h);
            return true;
        });
        if (!decoded)
            return false;
        interval.scenarios = QJsonObject(); // decoded
    }
    for (ScopeSamples &s : samples->scopes)
        s.histograms.resize(n);
    return true;
}

} // namespace

std::optional<RunSamples> loadRunSamples(const RunStore &store, qint64 runId, QString *error)
{
    StoreError storeError;
    const std::optional<RunRecord> record = store.run(runId, &storeError);
    if (!record) {
        *error =
            storeError.isError() && storeError.kind != StoreError::Kind::NotFound
                ? QStringLiteral("run %1 could not be read: %2").arg(runId).arg(storeError.message)
                : QStringLiteral("there is no run %1 in this workspace (see 'loadwright runs')").arg(runId);
        return std::nullopt;
    }
    if (record->kind == RunKind::Debug) {
        *error = QStringLiteral("run %1 is a debug run (a few iterations sent one by one); debug runs are "
                                "not compared")
                     .arg(runId);
        return std::nullopt;
    }
    RunSamples samples;
    samples.runId = runId;
    samples.strategyName = record->strategyName;
    samples.revision = record->revision;
    samples.intervals = store.intervals(runId, -1, -1, IntervalContent::WithTotalHistogram, &storeError);
    if (storeError.isError()) {
        *error = QStringLiteral("the intervals of run %1 could not be read: %2")
                     .arg(runId)
                     .arg(storeError.message);
        return std::nullopt;
    }
    if (samples.intervals.isEmpty()) {
        *error = QStringLiteral("run %1 (%2) has no stored intervals to compare")
                     .arg(runId)
                     .arg(toString(record->status));
        return std::nullopt;
    }
    samples.histograms.reserve(size_t(samples.intervals.size()));
    for (EngineInterval &interval : samples.intervals) {
        std::string why;
        std::optional<hdr::HdrHistogram> h;
        if (!interval.histogram.isEmpty())
            h = hdr::HdrHistogram::decodeCompressed(
                std::string_view(interval.histogram.constData(), size_t(interval.histogram.size())), &why);
        else
            h = hdr::HdrHistogram();
        if (!h) {
            *error = QStringLiteral("the histogram of interval %1 of run %2 does not decode: %3")
                         .arg(interval.index)
                         .arg(runId)
                         .arg(QString::fromStdString(why));
            return std::nullopt;
        }
        samples.histograms.push_back(IntervalBuckets::from(*h));
        interval.histogram.clear(); // decoded; the encoding is not needed any more
    }
    if (!readScopes(&samples, error))
        return std::nullopt;
    // Whether the generator's host is the system under test (then its CPU and memory are compared).
    const QJsonObject strategy = QJsonDocument::fromJson(store.strategyJson(runId)).object();
    samples.hostIsTarget = strategy.value(QStringLiteral("monitoring"))
                               .toObject()
                               .value(QStringLiteral("host_is_target"))
                               .toBool(false);
    samples.resources = store.resources(runId, &storeError);
    if (storeError.isError()) {
        *error = QStringLiteral("the resource samples of run %1 could not be read: %2")
                     .arg(runId)
                     .arg(storeError.message);
        return std::nullopt;
    }
    return samples;
}

namespace {

QJsonValue number(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject comparisonToJson(const Comparison &comparison)
{
    QJsonArray metrics;
    for (const MetricComparison &m : comparison.metrics) {
        metrics.append(QJsonObject{
            {QStringLiteral("key"), m.key},
            {QStringLiteral("label"), m.label},
            {QStringLiteral("unit"), m.unit},
            {QStringLiteral("higher_is_worse"), m.higherIsWorse},
            {QStringLiteral("base"), number(m.base)},
            {QStringLiteral("candidate"), number(m.candidate)},
            {QStringLiteral("delta_percent"), number(m.deltaPercent)},
            {QStringLiteral("ci_low_percent"), number(m.ciLowPercent)},
            {QStringLiteral("ci_high_percent"), number(m.ciHighPercent)},
            {QStringLiteral("p_value"), number(m.pValue)},
            {QStringLiteral("effect_size"), number(m.effectSize)},
            {QStringLiteral("base_samples"), m.baseSamples},
            {QStringLiteral("candidate_samples"), m.candidateSamples},
            {QStringLiteral("block_length"), m.blockLength},
            {QStringLiteral("autocorrelation"), m.autocorrelation},
            {QStringLiteral("verdict"), toString(m.verdict)},
            {QStringLiteral("note"), m.note.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(m.note)},
        });
    }
    const ComparisonOptions &o = comparison.options;
    return QJsonObject{
        {QStringLiteral("base_run"), comparison.baseRunId},
        {QStringLiteral("candidate_run"), comparison.candidateRunId},
        {QStringLiteral("threshold_percent"), o.thresholdPercent},
        {QStringLiteral("alpha"), o.alpha},
        {QStringLiteral("bootstrap"),
         QJsonObject{{QStringLiteral("replicates"), o.bootstrap.replicates},
                     {QStringLiteral("confidence"), o.bootstrap.confidence},
                     {QStringLiteral("block_length"), o.bootstrap.blockLength},
                     {QStringLiteral("seed"), QString::number(o.bootstrap.seed)}}},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(comparison.warnings)},
        {QStringLiteral("regression"), comparison.hasRegression()},
        {QStringLiteral("metrics"), metrics},
    };
}

} // namespace lw::stats
