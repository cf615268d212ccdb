#include "model/strategywords.h"

namespace lw {

QString stageTargetUnit(LoadModel model)
{
    return model == LoadModel::Closed ? QStringLiteral("virtual users") : QStringLiteral("req/s");
}

QString describeStage(const Stage &stage, double previousTarget, LoadModel model)
{
    const QString target = QString::number(stage.target, 'g', 6) + QLatin1Char(' ') + stageTargetUnit(model);
    if (stage.target == previousTarget)
        return QStringLiteral("hold ") + target;
    const std::optional<qint64> ms = parseDurationMs(stage.duration);
    if (stage.ramp == StageRamp::Step || (ms && *ms == 0))
        return QStringLiteral("step to ") + target;
    return QStringLiteral("ramp to ") + target;
}

QString metricUnit(const Metric &m)
{
    switch (m.kind) {
    case MetricKind::LatencyPercentile:
    case MetricKind::LatencyMean:
    case MetricKind::LatencyMax:
        return QStringLiteral("ms");
    case MetricKind::Throughput:
        return QStringLiteral("req/s");
    case MetricKind::ErrorRate:
    case MetricKind::CheckFailureRate:
    case MetricKind::Cpu:
        return QStringLiteral("%");
    case MetricKind::Memory:
        return QStringLiteral("MiB");
    }
    return {};
}

} // namespace lw
