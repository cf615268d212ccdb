#pragma once

// Internal to core/report: the fast read path of a stored run for reports. One pass over
// run_intervals with the SQLite API (the Qt driver costs ~35 us a row in QVariants and maps, too much
// for 86,400 rows), and resource samples read on a connection of their own so they can be read in
// parallel with the histogram decoding.

#include "report/runreport.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <vector>

namespace lw::report::detail {

struct IntervalScan
{
    QList<IntervalRow> rows;
    std::vector<qint64> httpErrors; // errors that came with an HTTP response, per row
    std::vector<QByteArray> blobs;  // raw V2 compressed total histograms (empty when none)
};

// Every interval of runId, in index order, on the connection named connectionName (its thread).
bool scanIntervals(const QString &connectionName, qint64 runId, IntervalScan *out, QString *error);

// Resource samples of runId (by time, then source) on a read-only connection of its own to the
// workspace file at path: callable from any thread.
bool readResources(const QString &path, qint64 runId, QList<ResourceSample> *out, QString *error);

// Builds a slicer from a scan (moves the blobs out of it); decodes on a few threads.
struct SlicerFactory
{
    static std::optional<RangeSlicer> fromScan(IntervalScan &scan, QString *error);
};

} // namespace lw::report::detail
