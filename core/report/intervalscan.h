#pragma once

// Internal to core/report: the fast read path of a stored run for reports. One pass over
// run_intervals with the SQLite API (the Qt driver costs ~35 us a row in QVariants and maps, too much
// for 86,400 rows), and resource samples read on a connection of their own so they can be read in
// parallel with the histogram decoding.

#include "report/runreport.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>
#include <utility>
#include <vector>

struct sqlite3;

namespace lw::report::detail {

struct IntervalScan
{
    QList<IntervalRow> rows;
    std::vector<QByteArray> blobs; // raw V2 compressed total histograms (empty when none)
};

// Every interval of runId, in index order, on the connection named connectionName (its thread), from
// the interval rows. Without histograms, out->blobs stays empty (the slicer reads the run's pyramid
// instead). p95 is 0 where a row has none (stored before p95 was kept).
bool scanIntervals(const QString &connectionName, qint64 runId, IntervalScan *out, QString *error,
                   bool withHistograms = true);
// The same figures from the run's column blocks (RunStore::ensureIntervalBlocks() built them): a
// few hundred blobs instead of every row. out->blobs stays empty.
bool scanIntervalBlocks(const QString &connectionName, qint64 runId, IntervalScan *out, QString *error);

// The stored histograms of one run read on demand, on a read-only connection of its own to the
// workspace file (serialized: usable from any thread): interval totals and pyramid blocks
// (run_histogram_blocks) by index range.
class StoredHistograms
{
public:
    static std::shared_ptr<StoredHistograms> open(const QString &path, qint64 runId, QString *error);
    ~StoredHistograms();
    StoredHistograms(const StoredHistograms &) = delete;
    StoredHistograms &operator=(const StoredHistograms &) = delete;

    // Raw V2 blobs of level 0 (interval totals, by interval index) or of pyramid level 1 or 2 (by
    // block number) with key in [from, to], in key order, with their keys.
    bool read(int level, qint64 from, qint64 to, std::vector<std::pair<qint64, QByteArray>> *out,
              QString *error) const;

private:
    StoredHistograms() = default;
    ::sqlite3 *m_db = nullptr;
    qint64 m_runId = 0;
};

// Resource samples of runId (by time, then source) on a read-only connection of its own to the
// workspace file at path: callable from any thread.
bool readResources(const QString &path, qint64 runId, ResourceColumns *out, QString *error);

// Builds a slicer from a scan (moves the blobs out of it); decodes on a few threads.
struct SlicerFactory
{
    // The slicer of a stored run from its pyramid (built first when the run has none yet), the
    // scanned figures in *scan when given.
    static std::optional<RangeSlicer> load(const RunStore &store, qint64 runId, IntervalScan *scan,
                                           QString *error);
    static std::optional<RangeSlicer> withCounts(const IntervalScan &scan, QString *error);
    static std::optional<RangeSlicer> fromScan(IntervalScan &scan, QString *error);
    // From a scan without histograms and the run's stored pyramid: decodes only its level-2 blocks;
    // ranges read their edge blocks and intervals from stored on demand.
    static std::optional<RangeSlicer> fromPyramid(IntervalScan &scan,
                                                  std::shared_ptr<StoredHistograms> stored, QString *error);
};

} // namespace lw::report::detail
