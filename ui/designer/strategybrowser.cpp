#include "designer/strategybrowser.h"

#include "designer/safetybadgedelegate.h"
#include "designer/strategylistmodel.h"

#include <QAction>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace lw::ui {

StrategyBrowser::StrategyBrowser(StrategyListModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_proxy(new QSortFilterProxyModel(this)), m_search(new QLineEdit),
      m_view(new QTableView), m_footer(new QLabel),
      m_empty(new QLabel(tr("No strategies yet.\n\nCreate one from a template with New (Ctrl+N) or import a "
                            "JSON file (Ctrl+I).")))
{
    m_proxy->setSourceModel(model);
    m_proxy->setFilterRole(StrategyListModel::SearchTextRole);
    m_proxy->setFilterKeyColumn(StrategyListModel::NameColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortRole(StrategyListModel::SortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_search->setObjectName(QStringLiteral("strategySearch"));
    m_search->setPlaceholderText(tr("Search strategies (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(style()->standardIcon(QStyle::SP_FileDialogContentsView), QLineEdit::LeadingPosition);
    auto *focusSearch = new QAction(this);
    focusSearch->setShortcut(QKeySequence::Find);
    focusSearch->setShortcutContext(Qt::WindowShortcut);
    connect(focusSearch, &QAction::triggered, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(focusSearch);

    m_view->setModel(m_proxy);
    m_view->setItemDelegateForColumn(StrategyListModel::SafetyColumn,
                                     new SafetyBadgeDelegate(StrategyListModel::SafetyLevelRole, m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(StrategyListModel::UpdatedColumn, Qt::DescendingOrder);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(30);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(StrategyListModel::NameColumn, QHeaderView::Stretch);
    for (int c = StrategyListModel::TypeColumn; c < StrategyListModel::ColumnCount; ++c)
        header->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    // Revision and last change are in the name's tooltip; their columns start hidden so long names
    // fit, and the header's context menu shows them again.
    header->setSectionHidden(StrategyListModel::RevisionColumn, true);
    header->setSectionHidden(StrategyListModel::UpdatedColumn, true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](const QPoint &pos) {
        QMenu menu(this);
        for (int c = StrategyListModel::TypeColumn; c < StrategyListModel::ColumnCount; ++c) {
            QAction *toggle = menu.addAction(m_proxy->headerData(c, Qt::Horizontal).toString());
            toggle->setCheckable(true);
            toggle->setChecked(!header->isSectionHidden(c));
            connect(toggle, &QAction::toggled, header,
                    [header, c](bool on) { header->setSectionHidden(c, !on); });
        }
        menu.exec(header->mapToGlobal(pos));
    });
    m_view->setMinimumWidth(300);

    m_empty->setParent(m_view->viewport());
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setStyleSheet(QStringLiteral("color: #7a8391; padding: 16px;"));
    m_view->viewport()->installEventFilter(this);
    m_footer->setStyleSheet(QStringLiteral("color: #56606e; padding: 2px 4px;"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_footer);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateFooter();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (m_programmatic || !current.isValid())
                    return;
                emit strategySelected(current.data(StrategyListModel::StrategyIdRole).toLongLong());
            });
    connect(model, &QAbstractItemModel::modelReset, this, &StrategyBrowser::updateFooter);
    updateFooter();
}

qint64 StrategyBrowser::currentStrategyId() const
{
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() ? i.data(StrategyListModel::StrategyIdRole).toLongLong() : 0;
}

void StrategyBrowser::setCurrentStrategy(qint64 id)
{
    m_programmatic = true;
    const int row = m_model->rowOf(id);
    const QModelIndex proxyIndex = row >= 0 ? m_proxy->mapFromSource(m_model->index(row, 0)) : QModelIndex();
    if (proxyIndex.isValid()) {
        m_view->setCurrentIndex(proxyIndex);
        m_view->scrollTo(proxyIndex);
    } else {
        m_view->clearSelection();
        m_view->setCurrentIndex({});
    }
    m_programmatic = false;
}

void StrategyBrowser::updateFooter()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    m_footer->setText(shown == total ? (total == 1 ? tr("1 strategy") : tr("%1 strategies").arg(total))
                                     : tr("%1 of %2 strategies match").arg(shown).arg(total));
    m_empty->setVisible(total == 0);
    m_empty->setGeometry(m_view->viewport()->rect());
}

bool StrategyBrowser::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        m_empty->setGeometry(m_view->viewport()->rect());
    return QWidget::eventFilter(watched, event);
}

} // namespace lw::ui
