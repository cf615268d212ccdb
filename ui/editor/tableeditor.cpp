#include "editor/tableeditor.h"

#include "editor/issuepath.h"
#include "editor/listtablemodel.h"
#include "editor/tabledelegate.h"
#include "shell/icons.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace lw::ui {

TableEditor::TableEditor(ListTableModel *model, const QString &emptyHint, QWidget *parent)
    : QWidget(parent), m_model(model), m_view(new QTableView(this)), m_hint(new QLabel(emptyHint)),
      m_issues(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    auto *bar = new QHBoxLayout;
    bar->setSpacing(2);
    m_add = addButton(icon(IconId::Add), tr("&Add"), QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_remove = addButton(icon(IconId::Remove), tr("Remove"), QKeySequence(Qt::CTRL | Qt::Key_Delete));
    m_duplicate = addButton(icon(IconId::Duplicate), tr("Duplicate"), QKeySequence(Qt::CTRL | Qt::Key_D));
    m_up = addButton(icon(IconId::MoveUp), tr("Move up"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Up));
    m_down =
        addButton(icon(IconId::MoveDown), tr("Move down"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Down));
    // Secondary operations are icon-only (with tooltips) so the bar fits narrow tables.
    for (QToolButton *b : {m_duplicate, m_up, m_down})
        b->setToolButtonStyle(Qt::ToolButtonIconOnly);
    for (QToolButton *b : {m_add, m_remove, m_duplicate, m_up, m_down})
        bar->addWidget(b);
    bar->addStretch();
    layout->addLayout(bar);

    m_view->setModel(model);
    m_view->setItemDelegate(new TableDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->setDefaultSectionSize(30);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setMinimumSectionSize(60);
    m_view->setWordWrap(false);
    const QList<ColumnSpec> &cols = model->columns();
    bool stretched = false;
    for (int c = 0; c < cols.size(); ++c) {
        if (cols[c].width > 0) {
            m_view->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Interactive);
            m_view->setColumnWidth(c, cols[c].width);
        } else {
            m_view->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Stretch);
            stretched = true;
        }
    }
    if (!stretched)
        m_view->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_view, 1);

    // The empty-state hint sits inside the viewport, where the rows would be.
    m_hint->setParent(m_view->viewport());
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(QStringLiteral("color: #7a8391; padding: 16px;"));
    m_view->viewport()->installEventFilter(this);

    m_issues->setWordWrap(true);
    m_issues->setTextFormat(Qt::RichText);
    m_issues->setStyleSheet(QStringLiteral("color: #b42318;"));
    m_issues->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_issues->hide();
    layout->addWidget(m_issues);

    connect(m_add, &QToolButton::clicked, this, &TableEditor::addRow);
    connect(m_remove, &QToolButton::clicked, this, &TableEditor::removeRow);
    connect(m_duplicate, &QToolButton::clicked, this, &TableEditor::duplicateRow);
    connect(m_up, &QToolButton::clicked, this, [this] { moveRow(-1); });
    connect(m_down, &QToolButton::clicked, this, [this] { moveRow(+1); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                updateButtons();
                emit currentRowChanged(current.isValid() ? current.row() : -1);
            });
    const auto resetDone = [this] {
        if (m_autoSelectFirst && currentRow() < 0 && m_model->rowCount() > 0)
            selectRow(0);
        updateHint();
        updateButtons();
        emit currentRowChanged(currentRow());
    };
    connect(model, &QAbstractItemModel::modelReset, this, resetDone);
    connect(model, &QAbstractItemModel::layoutChanged, this, resetDone);
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        updateHint();
        updateButtons();
    });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
        updateHint();
        updateButtons();
    });
    connect(model, &QAbstractItemModel::rowsMoved, this, [this] { updateButtons(); });
    updateHint();
    updateButtons();
}

QToolButton *TableEditor::addButton(const QIcon &icon, const QString &text, const QKeySequence &shortcut)
{
    auto *b = new QToolButton(this);
    b->setIcon(icon);
    b->setText(text);
    b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    b->setAutoRaise(true);
    QString plain = text;
    plain.remove(QLatin1Char('&'));
    b->setToolTip(QStringLiteral("%1 (%2)").arg(plain, shortcut.toString(QKeySequence::NativeText)));
    // The shortcut works while focus is anywhere inside this table editor.
    auto *action = new QAction(this);
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, b, &QToolButton::click);
    addAction(action);
    return b;
}

void TableEditor::setAutoSelectFirst(bool on)
{
    m_autoSelectFirst = on;
    if (on && currentRow() < 0 && m_model->rowCount() > 0)
        selectRow(0);
}

void TableEditor::setMovable(bool movable)
{
    m_up->setVisible(movable);
    m_down->setVisible(movable);
}

void TableEditor::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_model->setReadOnly(readOnly);
    updateButtons();
}

int TableEditor::currentRow() const
{
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() ? i.row() : -1;
}

void TableEditor::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_view->setCurrentIndex(m_model->index(row, 0));
    m_view->selectRow(row);
}

void TableEditor::updateButtons()
{
    const int row = currentRow();
    const int n = m_model->rowCount();
    m_add->setEnabled(!m_readOnly);
    m_remove->setEnabled(!m_readOnly && row >= 0);
    m_duplicate->setEnabled(!m_readOnly && row >= 0);
    m_up->setEnabled(!m_readOnly && row > 0);
    m_down->setEnabled(!m_readOnly && row >= 0 && row < n - 1);
}

void TableEditor::updateHint()
{
    m_hint->setVisible(m_model->rowCount() == 0);
    m_hint->setGeometry(m_view->viewport()->rect());
}

bool TableEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        m_hint->setGeometry(m_view->viewport()->rect());
    return QWidget::eventFilter(watched, event);
}

void TableEditor::addRow()
{
    const int row = currentRow() >= 0 ? currentRow() + 1 : m_model->rowCount();
    m_model->addRow(row);
    selectRow(row);
    // Start typing straight into the first editable cell of the new row.
    for (int c = 0; c < m_model->columnCount(); ++c) {
        const QModelIndex idx = m_model->index(row, c);
        if (m_model->flags(idx) & Qt::ItemIsEditable) {
            m_view->setCurrentIndex(idx);
            m_view->edit(idx);
            break;
        }
    }
}

void TableEditor::removeRow()
{
    const int row = currentRow();
    m_model->removeRowAt(row);
    selectRow(qMin(row, m_model->rowCount() - 1));
}

void TableEditor::duplicateRow()
{
    const int row = currentRow();
    m_model->duplicateRow(row);
    selectRow(row + 1);
}

void TableEditor::moveRow(int delta)
{
    const int row = currentRow();
    m_model->moveRowTo(row, row + delta);
    selectRow(row + delta);
}

int TableEditor::columnFor(const QString &field) const
{
    // The most specific column: "mitigation.actions[1]" -> "mitigation.actions" -> "mitigation".
    int column = -1;
    for (QString key = field; !key.isEmpty() && column < 0;) {
        column = m_model->columnForKey(key);
        const int cut = int(qMax(key.lastIndexOf(QLatin1Char('.')), key.lastIndexOf(QLatin1Char('['))));
        key = cut > 0 ? key.left(cut) : QString();
    }
    return column;
}

bool TableEditor::focusLocation(const QString &path, const QString &listPath)
{
    const std::optional<ListLocation> loc = locateInList(path, listPath);
    if (!loc || loc->row < 0 || loc->row >= m_model->rowCount())
        return false;
    const int column = qMax(columnFor(loc->field), 0);
    selectRow(loc->row);
    const QModelIndex index = m_model->index(loc->row, column);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    m_view->setFocus(Qt::OtherFocusReason);
    return true;
}

int TableEditor::showIssues(const QList<ValidationIssue> &issues, const QString &listPath)
{
    QHash<std::pair<int, int>, QStringList> cells;
    QStringList lines;
    int count = 0;
    for (const ValidationIssue &issue : issues) {
        const std::optional<ListLocation> loc = locateInList(issue.path, listPath);
        if (!loc)
            continue;
        ++count;
        const int column = loc->row >= 0 ? columnFor(loc->field) : -1;
        if (loc->row >= 0)
            cells[{loc->row, column}].append(issue.message);
        QString where;
        if (loc->row < 0)
            where = QString();
        else if (column >= 0)
            where = tr("Row %1, %2").arg(loc->row + 1).arg(m_model->columns()[column].title);
        else if (!loc->field.isEmpty())
            where = tr("Row %1, %2").arg(loc->row + 1).arg(loc->field);
        else
            where = tr("Row %1").arg(loc->row + 1);
        const QString msg = issue.message.toHtmlEscaped();
        lines.append(where.isEmpty() ? msg : QStringLiteral("<b>%1:</b> %2").arg(where.toHtmlEscaped(), msg));
    }
    m_model->setIssues(cells);
    m_issues->setText(lines.join(QStringLiteral("<br>")));
    m_issues->setVisible(!lines.isEmpty());
    return count;
}

QString TableEditor::issueText() const
{
    return m_issues->isHidden() ? QString() : m_issues->text();
}

} // namespace lw::ui
