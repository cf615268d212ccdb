#include "run/runcontrollerwriter.h"

#include <QDateTime>
#include <QJsonObject>

namespace lw {

namespace {
QString kindText(StoreError::Kind kind)
{
    switch (kind) {
    case StoreError::Kind::Busy:
        return QStringLiteral("locked");
    case StoreError::Kind::Full:
        return QStringLiteral("full");
    case StoreError::Kind::ReadOnly:
        return QStringLiteral("read_only");
    case StoreError::Kind::NotFound:
        return QStringLiteral("not_found");
    case StoreError::Kind::Refused:
        return QStringLiteral("refused");
    case StoreError::Kind::Other:
        return QStringLiteral("other");
    case StoreError::Kind::None:
        break;
    }
    return QStringLiteral("none");
}

QString explanation(const StoreError &error)
{
    switch (error.kind) {
    case StoreError::Kind::Busy:
        return QStringLiteral("the workspace is locked by another program");
    case StoreError::Kind::Full:
        return QStringLiteral("the disk holding the workspace is full");
    case StoreError::Kind::ReadOnly:
        return QStringLiteral("the workspace is not writable");
    default:
        return QStringLiteral("the workspace could not be written");
    }
}
} // namespace

RunBatchWriter::RunBatchWriter(RunStore &store, qint64 runId, QObject *parent)
    : QObject(parent), m_store(store), m_runId(runId), m_timer(this)
{
    m_timer.setInterval(kFlushIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (pendingItems() > 0)
            flush();
    });
    m_timer.start();
}

int RunBatchWriter::pendingItems() const
{
    return static_cast<int>(m_pending.intervals.size() + m_pending.resources.size() +
                            m_pending.events.size());
}

void RunBatchWriter::addInterval(const EngineInterval &interval)
{
    m_pending.intervals.append(interval);
    if (!m_failing)
        flush(); // the dashboard shows an interval once it is stored: no need to wait for the timer
}

void RunBatchWriter::addResource(const ResourceSample &sample)
{
    m_pending.resources.append(sample);
    if (!m_failing && pendingItems() >= kMaxPendingItems)
        flush();
}

void RunBatchWriter::addEvent(const RunEvent &event)
{
    m_pending.events.append(event);
    if (!m_failing && pendingItems() >= kMaxPendingItems)
        flush();
}

void RunBatchWriter::stopTimer()
{
    m_timer.stop();
}

bool RunBatchWriter::flush()
{
    if (m_pending.isEmpty())
        return true;
    StoreError error;
    if (m_store.appendBatch(m_runId, m_pending, &error)) {
        const QList<EngineInterval> stored = m_pending.intervals;
        m_pending = RunBatch();
        m_storedIntervals += static_cast<int>(stored.size());
        if (m_failing) {
            m_failing = false;
            m_gaveUp = false;
            RunEvent event;
            event.atMs = QDateTime::currentMSecsSinceEpoch();
            event.kind = QStringLiteral("storage");
            event.severity = AlertSeverity::Info;
            event.message = QStringLiteral("the workspace is writable again after %1 s; nothing was lost")
                                .arg(m_failingSince.elapsed() / 1000.0, 0, 'f', 1);
            event.data = {{QStringLiteral("recovered"), true},
                          {QStringLiteral("failed_attempts"), m_failedAttempts}};
            m_failedAttempts = 0;
            Q_EMIT storageEvent(event);
        }
        if (!stored.isEmpty())
            Q_EMIT intervalsStored(stored);
        return true;
    }

    m_lastError = error;
    ++m_failedAttempts;
    if (!m_failing) {
        m_failing = true;
        m_failingSince.start();
        RunEvent event;
        event.atMs = QDateTime::currentMSecsSinceEpoch();
        event.kind = QStringLiteral("storage");
        event.severity = AlertSeverity::Warning;
        event.message = QStringLiteral("%1; the data is kept in memory and written as soon as it can be (%2)")
                            .arg(explanation(error), error.message);
        event.data = {{QStringLiteral("error"), kindText(error.kind)},
                      {QStringLiteral("message"), error.message}};
        Q_EMIT storageEvent(event);
    } else if (!m_gaveUp && m_failingSince.elapsed() > kGiveUpMs) {
        m_gaveUp = true;
        Q_EMIT gaveUp(QStringLiteral("%1 for more than %2 s, so the run was stopped (%3)")
                          .arg(explanation(error))
                          .arg(kGiveUpMs / 1000)
                          .arg(error.message));
    }
    return false;
}

} // namespace lw
