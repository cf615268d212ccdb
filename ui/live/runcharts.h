#pragma once

// The dashboard's four charts: latency percentiles (total or one named request; chosen statistics;
// linear or log scale), throughput sent vs completed with the error rate on a second axis, CPU and
// memory per monitored source, and network/disk rates of the host. Each draws the safety limits
// on the metric it shows.

#include "live/livechart.h"

#include <QMap>

namespace lw::ui {

// Line colour of a safety limit by what crossing it does (alert amber, stop orange, emergency red).
QColor limitColor(SafetyAction action);
QString limitLabel(const SafetyLimit &limit);

class LatencyChart : public LiveChart
{
    Q_OBJECT
public:
    explicit LatencyChart(QWidget *parent = nullptr);

    // LiveRunModel::allRequests(), a request name or a scope key (transaction, iteration); label is
    // what the empty chart names (the request name when empty).
    void setScope(const QString &scope, const QString &label = QString());
    QString scope() const { return m_scope; }
    void setStatVisible(LatencyStat stat, bool visible);
    bool isStatVisible(LatencyStat stat) const;
    void setLogScale(bool log);
    bool logScale() const;
    void setSafetyLimits(const QList<SafetyLimit> &limits);
    QCPGraph *statGraph(LatencyStat stat) const { return m_graphs.value(int(stat)); }
    void refresh(const LiveRunModel &model) override;
    // Shown when the visible tail statistics (P99, P99.9, max) lie on top of each other: too few
    // requests per interval to tell them apart. Empty when they do not.
    QString overlapNote() const;
    // Width of the note's widest line with its padding, and the room the plot leaves it.
    int overlapNoteWidth() const;
    int overlapNoteRoom() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateOverlapNote();
    void fitOverlapNote(); // one line when it fits across the plot, else two

    QString m_scope;
    QString m_scopeLabel;
    QList<QCPGraph *> m_graphs; // by LatencyStat
    QCPItemText *m_overlap = nullptr;
};

class ThroughputChart : public LiveChart
{
    Q_OBJECT
public:
    explicit ThroughputChart(QWidget *parent = nullptr);
    void setSafetyLimits(const QList<SafetyLimit> &limits);
    QCPGraph *sentGraph() const { return m_sent; }
    QCPGraph *completedGraph() const { return m_completed; }
    QCPGraph *errorGraph() const { return m_errors; }
    // A distributed engine's worker ("worker:<name>" resource source): its completed requests/s.
    QCPGraph *workerGraph(const QString &source) const { return m_workers.value(source); }
    void refresh(const LiveRunModel &model) override;

private:
    QCPGraph *m_sent;
    QCPGraph *m_completed;
    QCPGraph *m_errors;
    QMap<QString, QCPGraph *> m_workers; // by resource source
};

// CPU % (left axis) and memory MiB (right axis) of the host and each watched process.
class ResourceChart : public LiveChart
{
    Q_OBJECT
public:
    explicit ResourceChart(QWidget *parent = nullptr);
    void setSafetyLimits(const QList<SafetyLimit> &limits);
    QCPGraph *graphFor(const QString &source, const QString &key) const;
    void refresh(const LiveRunModel &model) override;

private:
    QMap<QString, QCPGraph *> m_graphs; // "source|key"
};

// Host network receive/transmit and disk read/write, MB/s.
class NetworkChart : public LiveChart
{
    Q_OBJECT
public:
    explicit NetworkChart(QWidget *parent = nullptr);
    void refresh(const LiveRunModel &model) override;

private:
    QList<std::pair<QString, QCPGraph *>> m_graphs; // host key, graph
};

} // namespace lw::ui
