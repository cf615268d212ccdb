#pragma once

// Little's law planner beside the load-profile preview: from a rate (or a number of virtual
// users), an expected latency and a think time, how many connections the run needs and what
// throughput it can reach; warns when the profile's max_connections cannot carry its peak.

#include "model/capacityplan.h"
#include "model/strategy.h"

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QToolButton;

namespace lw::ui {

class CapacityPlanner : public QWidget
{
    Q_OBJECT

public:
    explicit CapacityPlanner(QWidget *parent = nullptr);

    // Prefills the load with the profile's peak (when the peak changed) and, for the closed model,
    // the think time with the profile's.
    void setProfile(const lw::LoadProfile &profile);

    lw::CapacityAssessment assessment() const { return m_assessment; }
    QDoubleSpinBox *loadInput() const { return m_load; }
    QDoubleSpinBox *latencyInput() const { return m_latency; }
    QDoubleSpinBox *thinkInput() const { return m_think; }
    QString warningText() const;
    QString connectionsText() const;
    QString throughputText() const;

private:
    void recompute();

    lw::LoadProfile m_profile;
    double m_lastPeak = -1;
    lw::CapacityAssessment m_assessment;
    QLabel *m_loadLabel = nullptr;
    QDoubleSpinBox *m_load = nullptr;
    QToolButton *m_usePeak = nullptr;
    QDoubleSpinBox *m_latency = nullptr;
    QLabel *m_thinkLabel = nullptr;
    QDoubleSpinBox *m_think = nullptr;
    QLabel *m_connections = nullptr;
    QLabel *m_connectionsDetail = nullptr;
    QLabel *m_throughputTitle = nullptr;
    QLabel *m_throughput = nullptr;
    QLabel *m_throughputDetail = nullptr;
    QLabel *m_warning = nullptr;
    QLabel *m_formula = nullptr;
};

} // namespace lw::ui
