#pragma once

// The painted 5x5 risk matrix: probability (rows, 5 at the top) x impact (columns), each cell
// coloured by the severity its score gives and showing how many risks fall in it.

#include "model/strategy.h"

#include <QWidget>

namespace lw::ui {

class RiskMatrixGrid : public QWidget
{
    Q_OBJECT

public:
    explicit RiskMatrixGrid(QWidget *parent = nullptr);

    void setRisks(const QList<lw::Risk> &risks);

    int riskCount(int probability, int impact) const;
    QStringList riskIds(int probability, int impact) const;
    // The cell's rectangle in widget coordinates (probability and impact 1..5); empty if out of range.
    QRect cellRect(int probability, int impact) const;
    // Fill of the cell: the severity colour, strong when it holds risks, pale when empty.
    QColor cellColor(int probability, int impact) const;

    // Selected cell as (probability, impact), (0, 0) when none.
    QPoint selectedCell() const { return m_selected; }
    void setSelectedCell(int probability, int impact); // (0, 0) clears

    static QColor severityColor(lw::RiskSeverity severity);
    static QString probabilityLabel(int probability); // "Rare" .. "Almost certain"
    static QString impactLabel(int impact);           // "Negligible" .. "Severe"

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    // Emitted when the selection changes (by click or keyboard); (0, 0) when cleared.
    void cellSelected(int probability, int impact);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRect matrixRect() const;
    // Impact names alternate between two lines when a column is narrower than the longest name.
    bool staggeredImpactLabels(int side) const;
    // The severity legend's entries and whether it needs two rows at the current width.
    QStringList legendTexts() const;
    bool legendInTwoRows() const;
    QPoint cellAt(const QPoint &pos) const; // (probability, impact) or (0, 0)
    QString cellToolTip(int probability, int impact) const;

    QList<lw::Risk> m_risks;
    QPoint m_selected;
    QPoint m_hover;
    QPoint m_focus{1, 1}; // keyboard cursor when nothing is selected
};

} // namespace lw::ui
