#include "cli/trendcommands.h"

#include "cli/clicontext.h"
#include "report/trend.h"
#include "storage/workspace.h"

#include <QJsonDocument>
#include <QTextStream>

#include <cmath>

namespace lw::cli {

namespace {

QString number(double v, const QString &unit)
{
    if (unit == QLatin1String("ms"))
        return QString::number(v, 'f', std::fabs(v) < 10 ? 3 : 2);
    if (unit == QLatin1String("%"))
        return QString::number(v, 'f', 2);
    return QString::number(v, 'f', 1);
}

QString describe(const report::TrendMetric &m, size_t i)
{
    const stats::TrendJudgement &j = m.judgements[i];
    const QString change = j.reference != 0 ? QStringLiteral("%1%2 %")
                                                  .arg(j.change >= 0 ? QStringLiteral("+") : QString())
                                                  .arg(j.change * 100, 0, 'f', 1)
                                            : QStringLiteral("from 0");
    return QStringLiteral("%1 %2 %3 (%4) against the median %5 %3 of the %6 runs before (bound %7 %3)")
        .arg(m.label, number(m.values[i], m.unit), m.unit, change, number(j.reference, m.unit))
        .arg(j.history)
        .arg(number(j.bound, m.unit));
}

} // namespace

int trendCommand(const Invocation &inv, CommandIo &io)
{
    int limit = 30;
    if (inv.has(QStringLiteral("limit"))) {
        bool ok = false;
        limit = inv.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 0)
            return usageError(io, QStringLiteral("--limit expects a number of runs >= 0 (0: all), got '%1'")
                                      .arg(inv.value(QStringLiteral("limit"))));
    }
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    QString error;
    const std::optional<report::Trend> trend = report::buildTrend(*ws, inv.arguments.at(0), limit, &error);
    if (!trend) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitBadInput;
    }
    const QStringList newest = trend->newestChangePoints();
    if (inv.has(QStringLiteral("json"))) {
        io.out << QJsonDocument(report::trendToJson(*trend)).toJson(QJsonDocument::Indented);
        return newest.isEmpty() ? ExitSuccess : ExitVerdictFailed;
    }

    QTextStream &out = io.out;
    out << "Trend of '" << trend->strategyName << "': " << trend->runs.size() << " finished runs";
    if (trend->leftOut > 0)
        out << " (" << trend->leftOut << " stopped early or interrupted, left out)";
    out << "\n";
    if (trend->runs.isEmpty()) {
        out << "\nNo finished load run of this strategy yet.\n";
        return ExitSuccess;
    }
    // Per run: its flags over all metrics.
    QList<QStringList> flags(trend->runs.size());
    QStringList changes;
    for (const report::TrendMetric &m : trend->metrics) {
        for (size_t i = 0; i < m.values.size(); ++i) {
            const stats::TrendState s = m.judgements[i].state;
            const int run = m.runIndex[i];
            const qint64 id = trend->runs.at(run).runId;
            if (s == stats::TrendState::ChangePoint) {
                flags[run].append(m.key + QStringLiteral(" worse"));
                changes.append(QStringLiteral("  run %1: change point in %2").arg(id).arg(describe(m, i)));
            } else if (s == stats::TrendState::Outlier) {
                flags[run].append(m.key + QStringLiteral(" outlier"));
                changes.append(QStringLiteral("  run %1: outlier (the runs after it came back) in %2")
                                   .arg(id)
                                   .arg(describe(m, i)));
            } else if (s == stats::TrendState::Better) {
                flags[run].append(m.key + QStringLiteral(" better"));
            }
        }
    }
    QList<QStringList> rows{{QStringLiteral("RUN"), QStringLiteral("STARTED (UTC)"), QStringLiteral("REV"),
                             QStringLiteral("STATUS"), QStringLiteral("P50 MS"), QStringLiteral("P95 MS"),
                             QStringLiteral("P99 MS"), QStringLiteral("REQ/S"), QStringLiteral("ERRORS %"),
                             QStringLiteral("SCORE"), QStringLiteral("FLAGS")}};
    for (int i = 0; i < trend->runs.size(); ++i) {
        const report::TrendRun &r = trend->runs.at(i);
        QStringList f = flags.at(i);
        if (r.baseline)
            f.prepend(QStringLiteral("baseline"));
        rows.append({QString::number(r.runId),
                     r.startedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                     QString::number(r.revision), toString(r.status), number(r.p50Ms, QStringLiteral("ms")),
                     number(r.p95Ms, QStringLiteral("ms")), number(r.p99Ms, QStringLiteral("ms")),
                     QString::number(r.rps, 'f', 1), QString::number(r.errorRate * 100, 'f', 2),
                     r.score ? QString::number(*r.score, 'f', 0) : QStringLiteral("-"),
                     f.isEmpty() ? QStringLiteral("-") : f.join(QStringLiteral(", "))});
    }
    out << "\n";
    printTable(out, rows);
    out << "\n";
    if (!changes.isEmpty())
        out << "Significantly worse than the runs before:\n" << changes.join(QLatin1Char('\n')) << "\n\n";
    if (!newest.isEmpty())
        out << "The newest run is significantly worse than the runs before it in: "
            << newest.join(QStringLiteral(", ")) << ".\n";
    else
        out << "The newest run is in line with the runs before it"
            << (trend->metrics.isEmpty() || trend->metrics.first().judgements.back().state ==
                                                stats::TrendState::InsufficientHistory
                    ? QStringLiteral(" (too few runs before it to judge: %1 are needed)")
                          .arg(trend->options.minHistory)
                    : QString())
            << ".\n";
    out.flush();
    return newest.isEmpty() ? ExitSuccess : ExitVerdictFailed;
}

} // namespace lw::cli
