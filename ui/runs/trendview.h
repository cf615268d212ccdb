#pragma once

// A strategy's runs over time (report::buildTrend, as `loadwright trend`): p50, p95 and p99 per
// finished run on one chart with throughput on the right axis, the baseline marked, change points
// (a run significantly worse than the runs before it, the level moving with it) marked with their
// change, outliers marked apart; below, one row per run. The headline says whether the newest run
// got worse. Double-clicking a run opens its report.

#include "report/trend.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QCustomPlot;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace lw {
class Workspace;
}

namespace lw::ui {

class TrendView : public QWidget
{
    Q_OBJECT
public:
    explicit TrendView(Workspace &workspace, QWidget *parent = nullptr);

    // Shows the trend of the strategy called name (reloads it).
    void showStrategy(const QString &name);
    void reload();

    QString title() const;
    const std::optional<report::Trend> &trend() const { return m_trend; }
    QComboBox *strategyBox() const { return m_strategy; }
    QSpinBox *limitBox() const { return m_limit; }
    QLabel *headline() const { return m_headline; }
    QCustomPlot *chart() const { return m_chart; }
    QTableWidget *table() const { return m_table; }

signals:
    void openReportRequested(qint64 runId);
    void titleChanged();
    void statusMessage(const QString &message);

private:
    void fillStrategies();
    void showTrend();
    void plot();
    void fillTable();

    Workspace &m_ws;
    QComboBox *m_strategy = nullptr;
    QSpinBox *m_limit = nullptr;
    QLabel *m_headline = nullptr;
    QCustomPlot *m_chart = nullptr;
    QTableWidget *m_table = nullptr;
    std::optional<report::Trend> m_trend;
};

} // namespace lw::ui
