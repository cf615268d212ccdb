#pragma once

// Chart of a load profile: target rate (open model) or virtual users (closed) over time, with
// stage boundaries, stage labels and the rate cap. Redraws are coalesced (queued replot).

#include "model/strategy.h"

#include <QPointF>
#include <QWidget>

class QCustomPlot;
class QLabel;

namespace lw::ui {

class LoadProfilePreview : public QWidget
{
    Q_OBJECT

public:
    explicit LoadProfilePreview(QWidget *parent = nullptr);

    void setProfile(const lw::LoadProfile &profile);

    // The planned curve as (seconds, target) vertices: linear stages ramp from the previous
    // target (0 at the start), step stages jump. Stages whose duration does not parse are skipped
    // and described in notes (one line each).
    static QList<QPointF> profilePolyline(const lw::LoadProfile &profile, QStringList *notes = nullptr);

    QList<QPointF> profilePoints() const { return m_points; }
    QStringList notes() const { return m_notes; }
    // Time axis unit chosen for the current profile: 1 (s), 60 (min) or 3600 (h) seconds.
    double timeUnitSeconds() const { return m_unit; }
    QCustomPlot *plot() const { return m_plot; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuild();
    void applyPalette();

    lw::LoadProfile m_profile;
    QList<QPointF> m_points;
    QStringList m_notes;
    double m_unit = 1;
    QLabel *m_summary = nullptr;
    QCustomPlot *m_plot = nullptr;
    QLabel *m_noteLabel = nullptr;
};

} // namespace lw::ui
