#include "report/chartpalette.h"

namespace lw::report {

QString latencyStatColor(const QString &stat)
{
    const QString s = stat.toLower();
    if (s == QLatin1String("p50"))
        return QStringLiteral("#2f6fde");
    if (s == QLatin1String("p90"))
        return QStringLiteral("#129a8a");
    if (s == QLatin1String("p95"))
        return QStringLiteral("#5b8c00");
    if (s == QLatin1String("p99"))
        return QStringLiteral("#e07b00");
    if (s == QLatin1String("p99.9"))
        return QStringLiteral("#c62f3b");
    if (s == QLatin1String("max"))
        return QStringLiteral("#7a4fb5");
    return QStringLiteral("#6b7280"); // mean and anything else
}

} // namespace lw::report
