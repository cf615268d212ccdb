// writeHistogramLog(): the stored interval histograms of a run as an HdrHistogram interval log,
// written by the engine's HdrLogWriter (format 1.3, as HistogramLogReader reads it). Untagged lines
// are every request's latency; a run with scenarios adds, per interval, one tagged line for each
// transaction and each scenario's iterations that recorded a duration ("Tag=transaction:buy").

#include "audit/auditlog.h"
#include "hdr/hdrlog.h"
#include "report/exportfile.h"
#include "report/reportexport.h"

#include <QJsonArray>
#include <QSqlDatabase>

#include <sstream>

namespace lw::report {

namespace {

// The interval's transaction and iteration histograms as tagged lines, written as stored.
bool writeScopes(lw::hdr::HdrLogWriter &writer, const EngineInterval &interval, double start, qint64 runId,
                 QString *error)
{
    return forEachScopeEntry(interval.scenarios, [&](ScopeKind kind, const QJsonObject &e, int) {
        const QByteArray encoded = e.value(QLatin1String("histogram")).toString().toLatin1();
        std::string why;
        const auto h = lw::hdr::HdrHistogram::decodeCompressed(
            std::string_view(encoded.constData(), size_t(encoded.size())), &why);
        if (!h) {
            if (error)
                *error =
                    QStringLiteral("the stored %1 histogram of interval %2 of run %3 does not decode (%4)")
                        .arg(toString(kind))
                        .arg(interval.index)
                        .arg(runId)
                        .arg(QString::fromStdString(why));
            return false;
        }
        if (h->totalCount() == 0)
            return true;
        const ScenarioScope scope{kind, e.value(QLatin1String("name")).toString(), 0, 0, 0, {}, {}};
        writer.writeEncodedInterval(std::string_view(encoded.constData(), size_t(encoded.size())), h->max(),
                                    start, std::max(0.0, interval.endS - interval.startS),
                                    scope.key().toStdString());
        return true;
    });
}

} // namespace

bool writeHistogramLog(const RunStore &store, qint64 runId, const QString &path, QString *error)
{
    StoreError storeError;
    const std::optional<RunRecord> run = store.run(runId, &storeError);
    if (!run) {
        if (error)
            *error = storeError.isError()
                         ? storeError.message
                         : QStringLiteral("no run %1 in this workspace (see 'loadwright runs')").arg(runId);
        return false;
    }
    const QList<EngineInterval> intervals =
        store.intervals(runId, -1, -1, IntervalContent::WithTotalHistogram, &storeError);
    if (storeError.isError()) {
        if (error)
            *error = QStringLiteral("reading the intervals of run %1 failed: %2")
                         .arg(runId)
                         .arg(storeError.message);
        return false;
    }

    // Timestamps are relative to the run start (BaseTime), as HdrHistogram's own recorders write them.
    qint64 baseMs = run->startedAt.isValid() ? run->startedAt.toMSecsSinceEpoch() : 0;
    if (!intervals.isEmpty() && intervals.constFirst().startMs > 0 &&
        (baseMs == 0 || intervals.constFirst().startMs < baseMs))
        baseMs = intervals.constFirst().startMs; // no negative timestamps

    std::ostringstream text;
    lw::hdr::HdrLogWriter writer(text);
    writer.writeHeader(baseMs, baseMs);
    writer.writeComment(
        QStringLiteral(
            "Loadwright run %1: %2, revision %3; latency values in microseconds, Interval_Max in ms")
            .arg(runId)
            .arg(run->strategyName)
            .arg(run->revision)
            .toStdString());
    // The audit chain's head when exported, so that a later rewrite of the whole tail is caught
    // (`loadwright audit verify --head HASH`).
    writer.writeComment(QStringLiteral("Workspace audit chain head: %1")
                            .arg(audit::auditHeadHash(QSqlDatabase::database(store.connectionName(), false)))
                            .toStdString());
    // The stored blobs are already the log's encoding (base64 V2 compressed) and the stored max is the
    // histogram's max(): both are written as stored, so a 24 h run's log exports without decoding
    // 86,400 histograms. A blob without the encoding's cookie means a damaged workspace.
    const std::string empty = lw::hdr::HdrHistogram().encodeCompressed();
    for (const EngineInterval &interval : intervals) {
        const std::string_view encoded(interval.histogram.constData(), size_t(interval.histogram.size()));
        if (!encoded.empty() && encoded.substr(0, 5) != std::string_view("HISTF")) {
            if (error)
                *error =
                    QStringLiteral("the stored histogram of interval %1 of run %2 is not an HdrHistogram "
                                   "encoding; the workspace may be damaged")
                        .arg(interval.index)
                        .arg(runId);
            return false;
        }
        const double start =
            interval.startMs > 0 && baseMs > 0 ? double(interval.startMs - baseMs) / 1000.0 : interval.startS;
        // An interval without responses gets an empty histogram: the timeline stays whole.
        writer.writeEncodedInterval(encoded.empty() ? std::string_view(empty) : encoded,
                                    encoded.empty() ? 0 : interval.latency.max, start,
                                    std::max(0.0, interval.endS - interval.startS));
        if (!writeScopes(writer, interval, start, runId, error))
            return false;
    }
    if (!writer.ok()) {
        if (error)
            *error = QStringLiteral("formatting the interval log of run %1 failed").arg(runId);
        return false;
    }
    const std::string data = text.str();
    return writeExportFile(path, QByteArray(data.data(), qsizetype(data.size())), error);
}

} // namespace lw::report
