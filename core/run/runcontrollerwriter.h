#pragma once

// The run controller's storage side: buffers intervals, resource samples and events and writes them
// to the RunStore in one short transaction per flush (every second, at once for an interval). A
// failed write keeps the batch in memory and retries it (appendBatch is idempotent); nothing is
// dropped. When writing keeps failing past kGiveUpMs the writer says so once (gaveUp) so the
// controller can stop the run with a clear reason. Lives in the controller's thread.

#include "storage/runstore.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace lw {

class RunBatchWriter : public QObject
{
    Q_OBJECT
public:
    static constexpr int kFlushIntervalMs = 1000;
    static constexpr int kMaxPendingItems = 500; // resources/events before an early flush
    static constexpr int kGiveUpMs = 10000;

    RunBatchWriter(RunStore &store, qint64 runId, QObject *parent = nullptr);

    void addInterval(const EngineInterval &interval); // flushed at once unless writes are failing
    void addResource(const ResourceSample &sample);
    void addEvent(const RunEvent &event);

    // Writes everything pending; true when nothing is left. Emits intervalsStored on success.
    bool flush();
    void stopTimer();

    bool isFailing() const { return m_failing; }
    int pendingIntervals() const { return static_cast<int>(m_pending.intervals.size()); }
    int pendingItems() const;
    int storedIntervals() const { return m_storedIntervals; }
    QString lastError() const { return m_lastError.message; }
    StoreError::Kind lastErrorKind() const { return m_lastError.kind; }

Q_SIGNALS:
    void intervalsStored(const QList<lw::EngineInterval> &intervals);
    // A "storage" event to log: the first failure of a streak and the recovery after it.
    void storageEvent(const lw::RunEvent &event);
    // Writing has failed for longer than kGiveUpMs; emitted once per streak.
    void gaveUp(const QString &reason);

private:
    RunStore &m_store;
    qint64 m_runId;
    RunBatch m_pending;
    QTimer m_timer;
    QElapsedTimer m_failingSince;
    StoreError m_lastError;
    bool m_failing = false;
    bool m_gaveUp = false;
    int m_failedAttempts = 0;
    int m_storedIntervals = 0;
};

} // namespace lw
