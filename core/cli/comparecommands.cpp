#include "cli/comparecommands.h"

#include "cli/clicontext.h"
#include "cli/reportcommands.h"
#include "stats/comparison.h"
#include "storage/runstore.h"

#include <QJsonDocument>
#include <QTextStream>

#include <cmath>

namespace lw::cli {

namespace {

QString value(const std::optional<double> &v, const QString &unit)
{
    if (!v)
        return QStringLiteral("-");
    const int decimals = unit == QLatin1String("ms")  ? (std::fabs(*v) < 10 ? 3 : 2)
                         : unit == QLatin1String("%") ? 2
                                                      : 1;
    return QStringLiteral("%1 %2").arg(*v, 0, 'f', decimals).arg(unit);
}

QString percent(double v)
{
    return QStringLiteral("%1%2 %").arg(v >= 0 ? QStringLiteral("+") : QString()).arg(v, 0, 'f', 1);
}

} // namespace

QString comparisonTable(const stats::Comparison &c)
{
    QString text;
    QTextStream out(&text);
    out << "Run " << c.candidateRunId << " (candidate) against run " << c.baseRunId << " (base): threshold "
        << c.options.thresholdPercent << " %, alpha " << c.options.alpha << " over "
        << c.metrics.size() << " metrics, " << int(std::lround(c.options.bootstrap.confidence * 100))
        << " % bootstrap intervals\n\n";
    QList<QStringList> rows{{QStringLiteral("METRIC"), QStringLiteral("BASE"), QStringLiteral("CANDIDATE"),
                             QStringLiteral("DELTA"), QStringLiteral("95% CI"), QStringLiteral("P"),
                             QStringLiteral("VERDICT")}};
    QStringList notes;
    for (const stats::MetricComparison &m : c.metrics) {
        QString delta = QStringLiteral("-");
        if (m.deltaPercent)
            delta = percent(*m.deltaPercent);
        else if (m.base && m.candidate && *m.candidate != *m.base)
            delta = QStringLiteral("from 0");
        const QString ci =
            m.ciLowPercent && m.ciHighPercent
                ? QStringLiteral("%1 .. %2").arg(percent(*m.ciLowPercent), percent(*m.ciHighPercent))
                : QStringLiteral("-");
        const QString p = m.pValue ? QString::number(*m.pValue, 'g', 2) : QStringLiteral("-");
        QString verdict = stats::displayName(m.verdict);
        if (!m.note.isEmpty()) {
            const qsizetype n = notes.size() + 1;
            verdict += QStringLiteral(" [%1]").arg(n);
            notes.append(QStringLiteral("  [%1] %2: %3").arg(n).arg(m.label, m.note));
        }
        rows.append({m.label, value(m.base, m.unit), value(m.candidate, m.unit), delta, ci, p, verdict});
    }
    printTable(out, rows);
    if (!notes.isEmpty())
        out << "\n" << notes.join(QLatin1Char('\n')) << "\n";
    for (const QString &w : c.warnings)
        out << "\nwarning: " << w << "\n";
    out << "\n"
        << (c.hasRegression() ? "Significant regression above the threshold." : "No significant regression.")
        << "\n";
    out.flush();
    return text;
}

int compareCommand(const Invocation &inv, CommandIo &io)
{
    // BASE may be "baseline": the baseline run of the candidate's strategy (loadwright baseline RUN).
    const bool useBaseline = inv.arguments.at(0) == QLatin1String("baseline");
    std::optional<qint64> baseId = useBaseline ? std::optional<qint64>(0) : parseRunId(inv.arguments.at(0));
    const std::optional<qint64> candidateId = parseRunId(inv.arguments.at(1));
    if (!baseId || !candidateId)
        return usageError(
            io, QStringLiteral("'compare' expects two run ids (see 'loadwright runs') or 'baseline' "
                               "and a run id, got '%1' and '%2'")
                    .arg(inv.arguments.at(0), inv.arguments.at(1)));
    stats::ComparisonOptions options;
    if (inv.has(QStringLiteral("threshold"))) {
        QString text = inv.value(QStringLiteral("threshold")).trimmed();
        if (text.endsWith(QLatin1Char('%')))
            text.chop(1);
        bool ok = false;
        options.thresholdPercent = text.toDouble(&ok);
        if (!ok || !(options.thresholdPercent >= 0) || !std::isfinite(options.thresholdPercent))
            return usageError(io, QStringLiteral("--threshold expects a percentage >= 0, e.g. 5 (got '%1')")
                                      .arg(inv.value(QStringLiteral("threshold"))));
    }
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    QString error;
    if (useBaseline) {
        baseId = resolveBaselineArgument(*ws, *candidateId, &error);
        if (!baseId) {
            io.err << "loadwright: " << error << Qt::endl;
            return ExitBadInput;
        }
    }
    const RunStore store(*ws);
    const std::optional<stats::RunSamples> base = stats::loadRunSamples(store, *baseId, &error);
    if (!base) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitBadInput;
    }
    const std::optional<stats::RunSamples> candidate = stats::loadRunSamples(store, *candidateId, &error);
    if (!candidate) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitBadInput;
    }
    const stats::Comparison comparison = stats::compareRuns(*base, *candidate, options);
    if (inv.has(QStringLiteral("json")))
        io.out << QJsonDocument(stats::comparisonToJson(comparison)).toJson(QJsonDocument::Indented);
    else
        io.out << comparisonTable(comparison);
    return comparison.hasRegression() ? ExitVerdictFailed : ExitSuccess;
}

} // namespace lw::cli
