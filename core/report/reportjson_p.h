#pragma once

// Internal to core/report: names shared by the report JSON writer and reader (REPORT-FORMAT.md).

#include <QLatin1String>
#include <QStringList>

namespace lw::report::detail {

inline const QStringList &intervalColumns()
{
    static const QStringList columns = {
        QStringLiteral("index"),   QStringLiteral("start_s"),   QStringLiteral("end_s"),
        QStringLiteral("sent"),    QStringLiteral("completed"), QStringLiteral("errors"),
        QStringLiteral("dropped"), QStringLiteral("vus"),       QStringLiteral("connections"),
        QStringLiteral("count"),   QStringLiteral("p50_us"),    QStringLiteral("p90_us"),
        QStringLiteral("p99_us"),  QStringLiteral("p999_us"),   QStringLiteral("max_us"),
        QStringLiteral("min_us"),  QStringLiteral("mean_us"),   QStringLiteral("p95_us")};
    return columns;
}

// The interval columns of documents written before p95 was kept (all but the last).
inline constexpr qsizetype kIntervalColumnsBeforeP95 = 17;

inline const QStringList &distributionColumns()
{
    static const QStringList columns = {QStringLiteral("percentile"), QStringLiteral("value_us"),
                                        QStringLiteral("total_count")};
    return columns;
}

inline constexpr QLatin1String kFormatName("loadwright-report");

} // namespace lw::report::detail
