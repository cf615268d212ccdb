#pragma once

// Risk matrix with the list of risks beside it: click a cell to list its risks, click it again to
// list them all; double-click (or Enter on) a risk to open it.

#include "model/strategy.h"

#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace lw::ui {

class RiskMatrixGrid;

class RiskMatrixView : public QWidget
{
    Q_OBJECT

public:
    explicit RiskMatrixView(QWidget *parent = nullptr);

    void setRisks(const QList<lw::Risk> &risks);

    RiskMatrixGrid *grid() const { return m_grid; }
    QTreeWidget *riskList() const { return m_list; }
    // Ids of the risks the list shows, in list order.
    QStringList listedRiskIds() const;

signals:
    void riskActivated(const QString &riskId);

private:
    void updateList();

    QList<lw::Risk> m_risks;
    RiskMatrixGrid *m_grid = nullptr;
    QLabel *m_listTitle = nullptr;
    QTreeWidget *m_list = nullptr;
};

} // namespace lw::ui
