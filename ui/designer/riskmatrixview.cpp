#include "designer/riskmatrixview.h"

#include "designer/riskmatrixgrid.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace lw::ui {

namespace {

enum Column
{
    ColId,
    ColName,
    ColSeverity,
    ColMitigation,
    ColumnCount
};

QIcon severityIcon(RiskSeverity s)
{
    QPixmap pm(12, 12);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(RiskMatrixGrid::severityColor(s));
    p.drawEllipse(QRectF(1, 1, 10, 10));
    return QIcon(pm);
}

QString mitigationText(const Mitigation &m)
{
    QStringList parts;
    if (!m.description.trimmed().isEmpty())
        parts << m.description.trimmed();
    if (!m.actions.isEmpty())
        parts << QObject::tr("Actions: %1").arg(m.actions.join(QStringLiteral("; ")));
    return parts.isEmpty() ? QObject::tr("none planned") : parts.join(QStringLiteral(" — "));
}

} // namespace

RiskMatrixView::RiskMatrixView(QWidget *parent)
    : QWidget(parent), m_grid(new RiskMatrixGrid(this)), m_listTitle(new QLabel(this)),
      m_list(new QTreeWidget(this))
{
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("ID"), tr("Risk"), tr("Severity"), tr("Mitigation")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setWordWrap(false);
    m_list->header()->setStretchLastSection(true);
    m_list->header()->setSectionResizeMode(ColId, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(ColSeverity, QHeaderView::ResizeToContents);
    m_list->setColumnWidth(ColName, 180);
    m_list->setAccessibleName(tr("Risks"));

    QFont titleFont = m_listTitle->font();
    titleFont.setBold(true);
    m_listTitle->setFont(titleFont);

    auto *right = new QVBoxLayout;
    right->setContentsMargins(0, 0, 0, 0);
    right->setSpacing(6);
    right->addWidget(m_listTitle);
    right->addWidget(m_list, 1);
    auto *hint = new QLabel(
        tr("Click a cell to filter, click it again to show all. Double-click a risk to edit it."), this);
    hint->setWordWrap(true);
    QPalette hp = hint->palette();
    hp.setColor(QPalette::WindowText, hp.color(QPalette::PlaceholderText));
    hint->setPalette(hp);
    right->addWidget(hint);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);
    layout->addWidget(m_grid, 5);
    layout->addLayout(right, 4);

    connect(m_grid, &RiskMatrixGrid::cellSelected, this, &RiskMatrixView::updateList);
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (item)
            emit riskActivated(item->data(ColId, Qt::UserRole).toString());
    });
    updateList();
}

void RiskMatrixView::setRisks(const QList<Risk> &risks)
{
    m_risks = risks;
    m_grid->setRisks(risks);
    updateList();
}

QStringList RiskMatrixView::listedRiskIds() const
{
    QStringList ids;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i)
        ids << m_list->topLevelItem(i)->data(ColId, Qt::UserRole).toString();
    return ids;
}

void RiskMatrixView::updateList()
{
    const QPoint cell = m_grid->selectedCell();
    QList<Risk> shown;
    for (const Risk &r : m_risks) {
        if (cell.isNull() || (r.probability == cell.x() && r.impact == cell.y()))
            shown << r;
    }
    // Worst first: that is the order a reviewer reads them in.
    std::stable_sort(shown.begin(), shown.end(), [](const Risk &a, const Risk &b) {
        return a.probability * a.impact > b.probability * b.impact;
    });

    if (cell.isNull()) {
        m_listTitle->setText(m_risks.isEmpty() ? tr("No risks recorded")
                                               : tr("All risks (%1)").arg(m_risks.size()));
    } else {
        const QString count = shown.size() == 1 ? tr("1 risk") : tr("%1 risks").arg(shown.size());
        m_listTitle->setText(tr("%1 × %2 — %3")
                                 .arg(RiskMatrixGrid::probabilityLabel(cell.x()),
                                      RiskMatrixGrid::impactLabel(cell.y()), count));
    }

    m_list->clear();
    for (const Risk &r : shown) {
        const RiskSeverity sev = riskSeverity(r.probability, r.impact);
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(ColId, r.id);
        item->setData(ColId, Qt::UserRole, r.id);
        item->setText(ColName, r.name);
        item->setText(ColSeverity, QStringLiteral("%1 (%2)").arg(displayName(sev),
                                                                 QString::number(r.probability * r.impact)));
        item->setIcon(ColSeverity, severityIcon(sev));
        item->setText(ColMitigation, mitigationText(r.mitigation));
        QString tip = QStringLiteral("<b>%1 %2</b>").arg(r.id.toHtmlEscaped(), r.name.toHtmlEscaped());
        if (!r.category.isEmpty())
            tip += QStringLiteral(" <i>(%1)</i>").arg(r.category.toHtmlEscaped());
        if (!r.description.isEmpty())
            tip += QStringLiteral("<br>") + r.description.toHtmlEscaped();
        tip += QStringLiteral("<br><b>%1</b> %2")
                   .arg(tr("Mitigation:"), mitigationText(r.mitigation).toHtmlEscaped());
        for (int c = 0; c < ColumnCount; ++c)
            item->setToolTip(c, tip);
    }
}

} // namespace lw::ui
