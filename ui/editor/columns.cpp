#include "editor/columns.h"

namespace lw::ui {

QString humanize(const QString &jsonValue)
{
    QString s = jsonValue;
    s.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!s.isEmpty())
        s[0] = s[0].toUpper();
    return s;
}

QStringList metricSuggestions()
{
    return {QStringLiteral("p50"), QStringLiteral("p90"),        QStringLiteral("p95"),
            QStringLiteral("p99"), QStringLiteral("p99.9"),      QStringLiteral("mean"),
            QStringLiteral("max"), QStringLiteral("throughput"), QStringLiteral("error_rate"),
            QStringLiteral("cpu"), QStringLiteral("memory")};
}

} // namespace lw::ui
