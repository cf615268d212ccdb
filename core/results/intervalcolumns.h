#pragma once

// The per-interval figures a report charts and slices by (counts, users, connections, latency
// p50/p90/p95/p99/p99.9/max/min/mean), stored by the run store as compressed column blocks of 1,024
// intervals (run_interval_blocks), so opening a week-long soak reads a few hundred blobs instead of
// 604,800 interval rows. In memory a block is its rows, in index order; the stored form is column by
// column (integers as zigzag varint deltas, doubles as they are), deflated, versioned.

#include "results/engineevents.h"

#include <QByteArray>
#include <QString>

#include <QList>

namespace lw {

// Intervals per stored block: block b holds the intervals with index in [1,024 b, 1,024 b + 1,023].
inline constexpr qint64 kIntervalBlockSpan = 1024;

struct IntervalFigures
{
    int index = 0;
    double startS = 0;
    double endS = 0;
    qint64 sent = 0;
    qint64 completed = 0;
    qint64 errors = 0;
    qint64 httpErrors = 0; // errors that came with an HTTP response (http_<status> classes)
    qint64 dropped = 0;
    qint64 vus = 0;
    qint64 connections = 0;
    LatencySummary latency; // the interval's total (p95 included)

    bool operator==(const IntervalFigures &o) const;
    bool operator!=(const IntervalFigures &o) const { return !(*this == o); }
};

// The figures of in (its latency as given, p95 as given: the caller sets it from the histogram).
IntervalFigures intervalFigures(const EngineInterval &in);

namespace intervalcolumns {

// Inserts f into rows (kept in index order), replacing a row of the same index.
void put(QList<IntervalFigures> &rows, const IntervalFigures &f);

// The stored form of rows (in index order).
QByteArray encode(const QList<IntervalFigures> &rows);
// Appends the rows of a stored block to *out; false with *error when it does not decode.
bool decode(const QByteArray &data, QList<IntervalFigures> *out, QString *error);

} // namespace intervalcolumns

} // namespace lw
