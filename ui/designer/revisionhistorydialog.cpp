#include "designer/revisionhistorydialog.h"

#include "designer/revisiondiffview.h"
#include "storage/workspace.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace lw::ui {

namespace {

enum Column
{
    ColRevision,
    ColDate,
    ColAuthor,
    ColComment,
    ColHash,
    ColumnCount
};

} // namespace

RevisionHistoryDialog::RevisionHistoryDialog(Workspace &ws, qint64 strategyId, QWidget *parent)
    : QDialog(parent), m_ws(ws), m_strategyId(strategyId), m_title(new QLabel(this)),
      m_list(new QTreeWidget(this)), m_diff(new RevisionDiffView(this))
{
    setWindowTitle(tr("Revision history"));
    resize(1180, 780);

    QFont tf = m_title->font();
    tf.setBold(true);
    tf.setPointSizeF(tf.pointSizeF() * 1.15);
    m_title->setFont(tf);
    auto *hint = new QLabel(
        tr("Select one revision to see what it changed, or two (Ctrl+click) to compare them."), this);
    QPalette hp = hint->palette();
    hp.setColor(QPalette::WindowText, hp.color(QPalette::PlaceholderText));
    hint->setPalette(hp);

    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Rev"), tr("Saved"), tr("Author"), tr("Comment"), tr("Content hash")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->header()->setSectionResizeMode(ColRevision, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(ColDate, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(ColAuthor, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(ColComment, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(ColHash, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(false);
    m_list->setAccessibleName(tr("Revisions"));

    auto *top = new QWidget(this);
    auto *tv = new QVBoxLayout(top);
    tv->setContentsMargins(0, 0, 0, 0);
    tv->addWidget(m_list);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(m_diff);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 4);
    split->setChildrenCollapsible(false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_open = buttons->addButton(tr("Open revision"), QDialogButtonBox::ActionRole);
    m_open->setToolTip(tr("Open the selected revision in the editor"));
    m_open->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(hint);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &RevisionHistoryDialog::selectionChanged);
    connect(m_list, &QTreeWidget::itemActivated, this, [this] { m_open->click(); });
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QList<int> selected = selectedRevisions();
        if (selected.size() == 1)
            emit openRevisionRequested(m_strategyId, selected.first());
    });
    reload();
}

void RevisionHistoryDialog::reload()
{
    m_list->clear();
    const std::optional<StrategySummary> summary = m_ws.strategy(m_strategyId);
    const QList<StrategyRevision> revisions = m_ws.revisions(m_strategyId);
    if (revisions.isEmpty()) {
        m_title->setText(tr("No revisions"));
        m_diff->clear(tr("This strategy has no saved revision in %1.").arg(m_ws.path()));
        return;
    }
    const QString name = summary ? summary->name : tr("strategy %1").arg(m_strategyId);
    m_title->setText((revisions.size() == 1
                          ? tr("History of “%1” — 1 revision").arg(name)
                          : tr("History of “%1” — %2 revisions").arg(name).arg(revisions.size())));
    setWindowTitle(tr("Revision history — %1").arg(name));
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    // Newest first: the usual question is "what changed lately".
    for (auto it = revisions.crbegin(); it != revisions.crend(); ++it) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(ColRevision, QString::number(it->revision));
        item->setData(ColRevision, Qt::UserRole, it->revision);
        item->setTextAlignment(ColRevision, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(ColDate, it->createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        item->setText(ColAuthor, it->author);
        item->setText(ColComment, it->comment.isEmpty() ? tr("(no comment)") : it->comment);
        if (it->comment.isEmpty())
            item->setForeground(ColComment, palette().color(QPalette::PlaceholderText));
        item->setToolTip(ColComment, it->comment);
        item->setText(ColHash, it->hash.left(12));
        item->setFont(ColHash, mono);
        item->setToolTip(ColHash, it->hash);
    }
    m_list->setCurrentItem(m_list->topLevelItem(0));
}

QList<int> RevisionHistoryDialog::selectedRevisions() const
{
    QList<int> out;
    for (QTreeWidgetItem *item : m_list->selectedItems())
        out << item->data(ColRevision, Qt::UserRole).toInt();
    std::sort(out.begin(), out.end());
    return out;
}

void RevisionHistoryDialog::selectRevisions(const QList<int> &revisions)
{
    const QSignalBlocker blocker(m_list);
    m_list->clearSelection();
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (revisions.contains(item->data(ColRevision, Qt::UserRole).toInt()))
            item->setSelected(true);
    }
    selectionChanged();
}

void RevisionHistoryDialog::selectionChanged()
{
    const QList<int> selected = selectedRevisions();
    m_open->setEnabled(selected.size() == 1);
    if (selected.isEmpty() || selected.size() > 2) {
        m_diff->clear(selected.isEmpty() ? tr("Select a revision to see its changes")
                                         : tr("Select at most two revisions to compare"));
        return;
    }
    const int newer = selected.last();
    const int older = selected.size() == 2 ? selected.first() : newer - 1;
    const std::optional<StrategyRevision> b = m_ws.revision(m_strategyId, newer);
    std::optional<StrategyRevision> a;
    if (older >= 1)
        a = m_ws.revision(m_strategyId, older);
    if (!b || (older >= 1 && !a)) {
        m_diff->clear(tr("Revision %1 could not be read from the workspace.").arg(!b ? newer : older));
        return;
    }
    m_diff->setRevisions(a.value_or(StrategyRevision()), *b);
}

} // namespace lw::ui
