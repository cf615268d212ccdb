// writeHistogramLog(): the stored interval histograms of a run as an HdrHistogram interval log,
// written by the engine's HdrLogWriter (format 1.3, as HistogramLogReader reads it).

#include "engine/hdrlog.h"
#include "report/exportfile.h"
#include "report/reportexport.h"

#include <sstream>

namespace lw::report {

bool writeHistogramLog(const RunStore &store, qint64 runId, const QString &path, QString *error)
{
    StoreError storeError;
    const std::optional<RunRecord> run = store.run(runId, &storeError);
    if (!run) {
        if (error)
            *error = storeError.isError() ? storeError.message
                                          : QStringLiteral("no run %1 in this workspace (see 'loadwright runs')").arg(runId);
        return false;
    }
    const QList<EngineInterval> intervals = store.intervals(runId, -1, -1, IntervalContent::WithTotalHistogram, &storeError);
    if (storeError.isError()) {
        if (error)
            *error = QStringLiteral("reading the intervals of run %1 failed: %2").arg(runId).arg(storeError.message);
        return false;
    }

    // Timestamps are relative to the run start (BaseTime), as HdrHistogram's own recorders write them.
    qint64 baseMs = run->startedAt.isValid() ? run->startedAt.toMSecsSinceEpoch() : 0;
    if (!intervals.isEmpty() && intervals.constFirst().startMs > 0 &&
        (baseMs == 0 || intervals.constFirst().startMs < baseMs))
        baseMs = intervals.constFirst().startMs; // no negative timestamps

    std::ostringstream text;
    lw::engine::HdrLogWriter writer(text);
    writer.writeHeader(baseMs, baseMs);
    writer.writeComment(QStringLiteral("Loadwright run %1: %2, revision %3; latency values in microseconds, Interval_Max in ms")
                            .arg(runId)
                            .arg(run->strategyName)
                            .arg(run->revision)
                            .toStdString());
    for (const EngineInterval &interval : intervals) {
        std::optional<lw::engine::HdrHistogram> histogram;
        if (interval.histogram.isEmpty()) {
            histogram.emplace(); // an interval without responses: an empty histogram keeps the timeline whole
        } else {
            std::string decodeError;
            histogram = lw::engine::HdrHistogram::decodeCompressed(
                std::string_view(interval.histogram.constData(), size_t(interval.histogram.size())), &decodeError);
            if (!histogram) {
                if (error)
                    *error = QStringLiteral("the stored histogram of interval %1 of run %2 does not decode (%3); the "
                                            "workspace may be damaged")
                                 .arg(interval.index)
                                 .arg(runId)
                                 .arg(QString::fromStdString(decodeError));
                return false;
            }
        }
        const double start = interval.startMs > 0 && baseMs > 0 ? double(interval.startMs - baseMs) / 1000.0 : interval.startS;
        writer.writeInterval(*histogram, start, std::max(0.0, interval.endS - interval.startS));
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
