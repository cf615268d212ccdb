#include "approvals/approvalsarea.h"

#include "approvals/approvaldetail.h"
#include "approvals/approvalqueue.h"
#include "approvals/preferencesdialog.h"
#include "approvals/usersdialog.h"
#include "audit/clock.h"
#include "governance/signoffrequest.h"
#include "shell/actinguser.h"
#include "storage/workspace.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

constexpr int kIdRole = Qt::UserRole;

QTreeWidget *makeList(const QString &name)
{
    auto *t = new QTreeWidget;
    t->setObjectName(name);
    t->setRootIsDecorated(false);
    t->setUniformRowHeights(true);
    t->setAlternatingRowColors(true);
    t->setHeaderLabels({QObject::tr("Strategy"), QObject::tr("Rev."), QObject::tr("Level"),
                        QObject::tr("Signed"), QObject::tr("Author")});
    t->header()->setStretchLastSection(false);
    t->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < 5; ++c)
        t->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    return t;
}

QLabel *sectionTitle(const QString &name)
{
    auto *l = new QLabel;
    l->setObjectName(name);
    l->setTextFormat(Qt::RichText);
    return l;
}

} // namespace

ApprovalsArea::ApprovalsArea(Workspace &ws, QWidget *parent)
    : QWidget(parent), m_ws(ws), m_actingUser(new QLabel), m_change(new QPushButton(tr("Change..."))),
      m_refresh(new QPushButton(tr("Refresh"))), m_users(new QPushButton(tr("Users..."))),
      m_watcher(new QFileSystemWatcher(this)), m_settle(new QTimer(this)),
      m_mineTitle(sectionTitle(QStringLiteral("mineTitle"))),
      m_othersTitle(sectionTitle(QStringLiteral("othersTitle"))),
      m_mine(makeList(QStringLiteral("waitingForMe"))),
      m_others(makeList(QStringLiteral("pendingForOthers"))), m_detail(new ApprovalDetail)
{
    m_actingUser->setObjectName(QStringLiteral("actingUserLabel"));
    m_actingUser->setTextFormat(Qt::RichText);
    m_actingUser->setWordWrap(true);
    m_change->setObjectName(QStringLiteral("changeActingUser"));
    m_change->setToolTip(tr("Choose who acts in this workbench (Edit > Preferences)"));
    m_refresh->setObjectName(QStringLiteral("refreshApprovals"));
    auto *top = new QHBoxLayout;
    top->addWidget(m_actingUser, 1);
    top->addWidget(m_change);
    top->addWidget(m_users);
    top->addWidget(m_refresh);
    m_users->setObjectName(QStringLiteral("manageUsers"));
    m_users->setToolTip(tr("The workspace's users, their roles and keys; admins add users here"));

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_mineTitle);
    leftLayout->addWidget(m_mine, 3);
    leftLayout->addSpacing(8);
    leftLayout->addWidget(m_othersTitle);
    leftLayout->addWidget(m_others, 2);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(QStringLiteral("approvalsSplitter"));
    splitter->addWidget(left);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({430, 900});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    for (QTreeWidget *list : {m_mine, m_others}) {
        QTreeWidget *other = list == m_mine ? m_others : m_mine;
        connect(list, &QTreeWidget::currentItemChanged, this, [this, other](QTreeWidgetItem *item) {
            if (!item)
                return;
            other->setCurrentItem(nullptr);
            other->clearSelection();
            showDetail(item->data(0, kIdRole).toLongLong());
        });
    }
    connect(m_refresh, &QPushButton::clicked, this, &ApprovalsArea::reload);
    connect(m_users, &QPushButton::clicked, this, &ApprovalsArea::manageUsers);
    connect(m_detail, &ApprovalDetail::signOffRequested, this, &ApprovalsArea::requestSignOff);
    // Another program (the CLI, a second workbench) writing the file: look again once it settles.
    m_settle->setSingleShot(true);
    m_settle->setInterval(400);
    connect(m_settle, &QTimer::timeout, this, &ApprovalsArea::checkForChanges);
    for (const QString &file : QStringList{ws.path(), ws.path() + QStringLiteral("-wal")}) {
        if (QFileInfo::exists(file))
            m_watcher->addPath(file);
    }
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_settle, qOverload<>(&QTimer::start));
    connect(m_detail, &ApprovalDetail::openStrategyRequested, this, &ApprovalsArea::openStrategyRequested);
    connect(m_change, &QPushButton::clicked, this, &ApprovalsArea::editPreferences);
    connect(m_detail, &ApprovalDetail::decisionRequested, this,
            [this](governance::Decision d, const QString &comment) { decide(d, comment); });
    reload();
}

void ApprovalsArea::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    reload(); // approvals expire and other programs write the same file
}

void ApprovalsArea::checkForChanges()
{
    // A file replaced by SQLite (the WAL after a checkpoint) is no longer watched: watch it again.
    for (const QString &file : QStringList{m_ws.path(), m_ws.path() + QStringLiteral("-wal")}) {
        if (QFileInfo::exists(file) && !m_watcher->files().contains(file))
            m_watcher->addPath(file);
    }
    if (governance::approvalStateStamp(m_ws) != m_stamp)
        reload();
}

void ApprovalsArea::reload()
{
    m_stamp = governance::approvalStateStamp(m_ws);
    const QString user = actingUser();
    m_actingUser->setText(
        tr("Acting as <b>%1</b> \u2014 %2")
            .arg(user.toHtmlEscaped(), PreferencesDialog::describeUser(m_ws, user).toHtmlEscaped()));
    const ApprovalQueue queue = approvalQueue(m_ws, user, audit::now());
    fill(m_mine, queue.mine);
    fill(m_others, queue.others);
    m_mineTitle->setText(tr("<b>Waiting for me</b> (%1)").arg(queue.mine.size()));
    m_othersTitle->setText(tr("<b>Pending for others</b> (%1)").arg(queue.others.size()));
    if (m_detail->strategyId() != 0)
        showDetail(m_detail->strategyId());
    else if (!queue.mine.isEmpty())
        m_mine->setCurrentItem(m_mine->topLevelItem(0));
    else if (queue.others.isEmpty())
        m_detail->clear(tr("Nothing waits for sign-off: every strategy that needs approval has it."));
    emit approvalsReloaded();
}

void ApprovalsArea::fill(QTreeWidget *list, const QList<ApprovalRequest> &requests)
{
    const QSignalBlocker block(list);
    list->clear();
    for (const ApprovalRequest &r : requests) {
        auto *item =
            new QTreeWidgetItem({r.strategy.name, QString::number(r.revision.revision), displayName(r.level),
                                 QStringLiteral("%1/%2%3")
                                     .arg(r.status.approvers.size())
                                     .arg(r.status.required)
                                     .arg(r.status.adminRequired ? tr(" +admin") : QString()),
                                 r.revision.author});
        item->setData(0, kIdRole, r.strategyId);
        item->setToolTip(0, r.rejected ? tr("Rejected: %1").arg(r.status.reason)
                                       : (r.mine ? r.status.reason : r.notMineReason));
        if (r.rejected)
            item->setForeground(0, QColor(0xb4, 0x23, 0x18));
        list->addTopLevelItem(item);
        if (r.strategyId == m_detail->strategyId())
            list->setCurrentItem(item);
    }
}

bool ApprovalsArea::selectRequest(qint64 strategyId)
{
    for (QTreeWidget *list : {m_mine, m_others}) {
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            if (list->topLevelItem(i)->data(0, kIdRole).toLongLong() == strategyId) {
                list->setCurrentItem(list->topLevelItem(i));
                return true;
            }
        }
    }
    m_mine->setCurrentItem(nullptr);
    m_others->setCurrentItem(nullptr);
    showDetail(strategyId);
    return m_detail->strategyId() == strategyId;
}

void ApprovalsArea::showDetail(qint64 strategyId)
{
    const QDateTime now = audit::now();
    const std::optional<ApprovalRequest> r = approvalRequest(m_ws, strategyId, actingUser(), now);
    if (!r) {
        m_detail->clear(tr("Strategy %1 cannot be read from the workspace.").arg(strategyId));
        return;
    }
    m_detail->showRequest(m_ws, *r, lastApprovedRevision(m_ws, strategyId, r->revision.revision), now);
}

bool ApprovalsArea::decide(governance::Decision decision, const QString &comment)
{
    const qint64 id = m_detail->strategyId();
    if (id == 0)
        return false;
    const QString user = actingUser();
    const governance::DecisionResult result =
        governance::recordDecision(m_ws, id, m_detail->revision(), decision, user, comment);
    const bool ok = result.exitCode == 0;
    reload();
    m_detail->showResult(ok, ok ? result.message : tr("Not recorded: %1").arg(result.message));
    if (ok) {
        m_detail->commentEdit()->clear();
        emit decisionRecorded(id);
    }
    return ok;
}

bool ApprovalsArea::requestSignOff()
{
    const qint64 id = m_detail->strategyId();
    if (id == 0)
        return false;
    const governance::SignOffRequestResult r =
        governance::requestSignOff(m_ws, id, m_detail->revision(), actingUser());
    m_detail->showResult(r.exitCode == 0,
                         r.exitCode == 0 ? r.message : tr("Not requested: %1").arg(r.message));
    return r.exitCode == 0;
}

UsersDialog *ApprovalsArea::manageUsers()
{
    auto *dlg = new UsersDialog(m_ws, window());
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &UsersDialog::usersChanged, this, &ApprovalsArea::reload);
    dlg->open();
    return dlg;
}

PreferencesDialog *ApprovalsArea::editPreferences()
{
    auto *dlg = new PreferencesDialog(m_ws, window());
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &QDialog::accepted, this, [this] {
        reload();
        emit actingUserChanged(actingUser());
    });
    dlg->open();
    return dlg;
}

} // namespace lw::ui
