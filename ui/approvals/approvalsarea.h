#pragma once

// The Approvals area: who acts (with a way to change it), the requests waiting for the acting user
// and those waiting for others, and the selected request in detail (ApprovalDetail), where the
// acting user approves or rejects with their key (governance::recordDecision). Refusals (own
// revision, no key, wrong role) are shown where the decision was asked for. Request approval notifies
// who can sign; Users lists the users and lets an admin add one. The workspace file is watched: a
// decision, user or policy change made by another program shows without pressing Refresh.

#include "governance/approvals.h"

#include <QWidget>

class QFileSystemWatcher;
class QLabel;
class QPushButton;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace lw {
class Workspace;
}

namespace lw::ui {

class ApprovalDetail;
class PreferencesDialog;
class UsersDialog;
struct ApprovalRequest;

class ApprovalsArea : public QWidget
{
    Q_OBJECT
public:
    explicit ApprovalsArea(Workspace &ws, QWidget *parent = nullptr);

    // Reads the requests again (after saves elsewhere, a change of acting user, time passing).
    void reload();
    // Shows the strategy's latest revision in detail (whether or not it is listed). False if unreadable.
    bool selectRequest(qint64 strategyId);
    // Records the acting user's decision on the request in detail; false (and the reason shown) if refused.
    bool decide(governance::Decision decision, const QString &comment);
    // Opens the preferences (window-modal, deleted on close); the acting user changes when accepted.
    PreferencesDialog *editPreferences();
    // Opens Users (window-modal, deleted on close): the users, their keys, adding users as an admin.
    UsersDialog *manageUsers();
    // Notifies who can sign the request in detail (approval.requested); the outcome is shown there.
    bool requestSignOff();

    QTreeWidget *mineList() const { return m_mine; }
    QTreeWidget *othersList() const { return m_others; }
    ApprovalDetail *detail() const { return m_detail; }
    QLabel *actingUserLabel() const { return m_actingUser; }

signals:
    // After every reload (Refresh, a change of acting user, a decision, a change in the file made by
    // another program): whoever shows approval state evaluates it again, so all views agree.
    void approvalsReloaded();
    void decisionRecorded(qint64 strategyId);
    void actingUserChanged(const QString &user);
    void openStrategyRequested(qint64 strategyId);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void fill(QTreeWidget *list, const QList<ApprovalRequest> &requests);
    void showDetail(qint64 strategyId);
    void checkForChanges(); // the file changed: reload when approval state did

    Workspace &m_ws;
    QLabel *m_actingUser;
    QPushButton *m_change;
    QPushButton *m_refresh;
    QPushButton *m_users;
    QFileSystemWatcher *m_watcher;
    QTimer *m_settle;
    QString m_stamp;
    QLabel *m_mineTitle;
    QLabel *m_othersTitle;
    QTreeWidget *m_mine;
    QTreeWidget *m_others;
    ApprovalDetail *m_detail;
};

} // namespace lw::ui
