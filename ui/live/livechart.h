#pragma once

// A QCustomPlot styled for the live dashboard: elapsed-time axis, stage markers, dashed
// safety-limit lines with labels, and a crosshair (vertical line plus a label with every visible
// graph's value at that time) that other charts can mirror. Subclasses fill the graphs.

#include "live/liverunmodel.h"

#include <qcustomplot.h>

namespace lw::ui {

class LiveChart : public QCustomPlot
{
    Q_OBJECT
public:
    explicit LiveChart(QWidget *parent = nullptr);

    struct LimitLine
    {
        QCPAxis *axis = nullptr; // the value axis it bounds (yAxis or yAxis2)
        double value = 0;
        QString label;
        QColor color;
    };
    void setLimitLines(const QList<LimitLine> &lines);
    QList<QCPItemStraightLine *> limitLineItems() const { return m_limitLines; }
    void setStages(const QList<StageMark> &stages);
    // Safety actions (throttle, stop) as solid vertical lines labelled at the top; unchanged marks
    // are not redrawn.
    void setActionMarks(const QList<ActionMark> &marks);
    QList<QCPAbstractItem *> actionMarkItems() const { return m_actionItems; }
    // Visible time span in seconds; the time axis format follows it.
    void setTimeRange(double lowerS, double upperS);
    void setEmptyText(const QString &text); // shown centred until hidden with an empty text

    // Crosshair at time key (seconds); NaN hides it. Label lines come from crosshairLines().
    void setCrosshair(double key);
    double crosshairKey() const { return m_crossKey; }
    QString crosshairText() const;

    // Re-reads the model and replots (queued). Implemented by each chart.
    virtual void refresh(const LiveRunModel &model) = 0;

    // Stacked charts share their time axis: every axis rect gets the widest left and right margin
    // of them all, so the same second sits at the same x pixel in each (what QCPMarginGroup does
    // within one plot). Call after the data changed, before the queued replot.
    static void alignTimeAxes(const QList<LiveChart *> &charts);

signals:
    void crosshairMoved(double key); // NaN when the mouse left the plot

protected:
    // "P99  12.4 ms" per visible graph at key; the default uses each graph's data and valueSuffix().
    virtual QStringList crosshairLines(double key) const;
    virtual QString formatValue(const QCPGraph *graph, double value) const;
    // Sets y range from visible data (and limit lines within reach) on axis.
    void rescaleValueAxis(QCPAxis *axis, double floor = 0, bool includeLimits = true);
    QCPGraph *makeGraph(const QString &name, const QColor &color, QCPAxis *valueAxis,
                        Qt::PenStyle style = Qt::SolidLine, double width = 1.6);
    void fitLegend();
    static void setSeries(QCPGraph *graph, const DecimatedSeries *series, double scale = 1.0);
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void applyPalette();
    void updateLimitLabels();

    QColor textColor() const;
    QColor mutedColor() const;

private:
    QList<QCPItemStraightLine *> m_limitLines;
    QList<QCPItemText *> m_limitLabels;
    QList<LimitLine> m_limits;
    QList<QCPAbstractItem *> m_stageItems;
    QList<StageMark> m_stages;
    QList<QCPAbstractItem *> m_actionItems;
    qsizetype m_actionMarkCount = 0;
    QCPItemStraightLine *m_crossLine = nullptr;
    QCPItemText *m_crossLabel = nullptr;
    QCPItemText *m_emptyLabel = nullptr;
    double m_crossKey = qQNaN();
};

} // namespace lw::ui
