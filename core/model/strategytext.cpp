// Text forms of the strategy enums (JSON values and user-facing names).

#include "model/strategy.h"

#include <QLocale>
#include <QRegularExpression>

#include <iterator>

namespace lw {

namespace {

template <typename E> struct Name
{
    E value;
    const char *text;
};

constexpr Name<StrategyType> kTypes[] = {
    {StrategyType::Load, "load"},     {StrategyType::Stress, "stress"},
    {StrategyType::Spike, "spike"},   {StrategyType::Soak, "soak"},
    {StrategyType::Canary, "canary"}, {StrategyType::BlueGreen, "blue-green"},
    {StrategyType::AB, "ab"},         {StrategyType::Shadow, "shadow"},
    {StrategyType::Chaos, "chaos"},   {StrategyType::Volume, "volume"},
};
constexpr Name<SafetyLevel> kLevels[] = {
    {SafetyLevel::Low, "low"},
    {SafetyLevel::Medium, "medium"},
    {SafetyLevel::High, "high"},
    {SafetyLevel::Critical, "critical"},
};
constexpr Name<LoadModel> kModels[] = {{LoadModel::Open, "open"}, {LoadModel::Closed, "closed"}};
constexpr Name<StageRamp> kRamps[] = {{StageRamp::Linear, "linear"}, {StageRamp::Step, "step"}};
constexpr Name<SafetyAction> kActions[] = {
    {SafetyAction::Alert, "alert"},
    {SafetyAction::Stop, "stop"},
    {SafetyAction::EmergencyStop, "emergency_stop"},
    {SafetyAction::Rollback, "rollback"},
    {SafetyAction::Throttle, "throttle"},
};
constexpr Name<AlertSeverity> kSeverities[] = {{AlertSeverity::Info, "info"},
                                               {AlertSeverity::Warning, "warning"},
                                               {AlertSeverity::Critical, "critical"}};
constexpr Name<PrerequisiteType> kPrereqs[] = {
    {PrerequisiteType::HttpHealth, "http"}, {PrerequisiteType::TcpPort, "tcp"},
    {PrerequisiteType::Command, "command"}, {PrerequisiteType::FreeDisk, "disk"},
    {PrerequisiteType::Manual, "manual"},
};
constexpr Name<Comparison> kComparisons[] = {
    {Comparison::Less, "<"},
    {Comparison::LessOrEqual, "<="},
    {Comparison::Greater, ">"},
    {Comparison::GreaterOrEqual, ">="},
};
constexpr Name<Weekday> kWeekdays[] = {
    {Weekday::Mon, "mon"}, {Weekday::Tue, "tue"}, {Weekday::Wed, "wed"}, {Weekday::Thu, "thu"},
    {Weekday::Fri, "fri"}, {Weekday::Sat, "sat"}, {Weekday::Sun, "sun"},
};
constexpr Name<MetricKind> kMetricKinds[] = {
    {MetricKind::LatencyMean, "mean"},
    {MetricKind::LatencyMax, "max"},
    {MetricKind::Throughput, "throughput"},
    {MetricKind::ErrorRate, "error_rate"},
    {MetricKind::Cpu, "cpu"},
    {MetricKind::Memory, "memory"},
    {MetricKind::CheckFailureRate, "check_failure_rate"},
};

template <typename E, std::size_t N> QString textOf(const Name<E> (&table)[N], E v)
{
    for (const Name<E> &n : table) {
        if (n.value == v)
            return QString::fromLatin1(n.text);
    }
    return QString();
}

template <typename E, std::size_t N> std::optional<E> valueOf(const Name<E> (&table)[N], const QString &text)
{
    for (const Name<E> &n : table) {
        if (text == QLatin1String(n.text))
            return n.value;
    }
    return std::nullopt;
}

template <typename E, std::size_t N> QList<E> valuesOf(const Name<E> (&table)[N])
{
    QList<E> out;
    for (const Name<E> &n : table)
        out.append(n.value);
    return out;
}

} // namespace

QString toString(StrategyType v)
{
    return textOf(kTypes, v);
}
QString toString(SafetyLevel v)
{
    return textOf(kLevels, v);
}
QString toString(LoadModel v)
{
    return textOf(kModels, v);
}
QString toString(StageRamp v)
{
    return textOf(kRamps, v);
}
QString toString(SafetyAction v)
{
    return textOf(kActions, v);
}
QString toString(AlertSeverity v)
{
    return textOf(kSeverities, v);
}
QString toString(PrerequisiteType v)
{
    return textOf(kPrereqs, v);
}
QString toString(Comparison v)
{
    return textOf(kComparisons, v);
}
QString toString(Weekday v)
{
    return textOf(kWeekdays, v);
}

QString toString(const Metric &m)
{
    if (m.kind == MetricKind::LatencyPercentile)
        return QLatin1Char('p') + QString::number(m.percentile, 'f', QLocale::FloatingPointShortest);
    return textOf(kMetricKinds, m.kind);
}

template <> std::optional<StrategyType> fromString(const QString &text)
{
    return valueOf(kTypes, text);
}
template <> std::optional<SafetyLevel> fromString(const QString &text)
{
    return valueOf(kLevels, text);
}
template <> std::optional<LoadModel> fromString(const QString &text)
{
    return valueOf(kModels, text);
}
template <> std::optional<StageRamp> fromString(const QString &text)
{
    return valueOf(kRamps, text);
}
template <> std::optional<SafetyAction> fromString(const QString &text)
{
    return valueOf(kActions, text);
}
template <> std::optional<AlertSeverity> fromString(const QString &text)
{
    return valueOf(kSeverities, text);
}
template <> std::optional<PrerequisiteType> fromString(const QString &text)
{
    return valueOf(kPrereqs, text);
}
template <> std::optional<Comparison> fromString(const QString &text)
{
    return valueOf(kComparisons, text);
}
template <> std::optional<Weekday> fromString(const QString &text)
{
    return valueOf(kWeekdays, text);
}

template <> std::optional<Metric> fromString(const QString &text)
{
    if (const auto kind = valueOf(kMetricKinds, text))
        return Metric{*kind, 99.0};
    // "p99", "p99.9", "p50": plain decimal only, so "p1e2" or "p 99" are not metrics.
    static const QRegularExpression percentile(QStringLiteral("^p(\\d{1,3}(?:\\.\\d{1,6})?)$"));
    const QRegularExpressionMatch m = percentile.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    return Metric{MetricKind::LatencyPercentile, m.captured(1).toDouble()};
}

QList<StrategyType> allStrategyTypes()
{
    return valuesOf(kTypes);
}
QList<SafetyLevel> allSafetyLevels()
{
    return valuesOf(kLevels);
}
QList<SafetyAction> allSafetyActions()
{
    return valuesOf(kActions);
}
QList<PrerequisiteType> allPrerequisiteTypes()
{
    return valuesOf(kPrereqs);
}
QList<LoadModel> allLoadModels()
{
    return valuesOf(kModels);
}
QList<StageRamp> allStageRamps()
{
    return valuesOf(kRamps);
}
QList<AlertSeverity> allAlertSeverities()
{
    return valuesOf(kSeverities);
}
QList<Comparison> allComparisons()
{
    return valuesOf(kComparisons);
}
QList<Weekday> allWeekdays()
{
    return valuesOf(kWeekdays);
}

QString displayName(StrategyType v)
{
    switch (v) {
    case StrategyType::Load:
        return QStringLiteral("Load");
    case StrategyType::Stress:
        return QStringLiteral("Stress");
    case StrategyType::Spike:
        return QStringLiteral("Spike");
    case StrategyType::Soak:
        return QStringLiteral("Soak");
    case StrategyType::Canary:
        return QStringLiteral("Canary");
    case StrategyType::BlueGreen:
        return QStringLiteral("Blue-green");
    case StrategyType::AB:
        return QStringLiteral("A/B");
    case StrategyType::Shadow:
        return QStringLiteral("Shadow");
    case StrategyType::Chaos:
        return QStringLiteral("Chaos");
    case StrategyType::Volume:
        return QStringLiteral("Volume");
    }
    return QString();
}

QString displayName(SafetyLevel v)
{
    switch (v) {
    case SafetyLevel::Low:
        return QStringLiteral("Low");
    case SafetyLevel::Medium:
        return QStringLiteral("Medium");
    case SafetyLevel::High:
        return QStringLiteral("High");
    case SafetyLevel::Critical:
        return QStringLiteral("Critical");
    }
    return QString();
}

} // namespace lw
