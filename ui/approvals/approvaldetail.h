#pragma once

// One approval request in detail: the revision's approval status (n of m, admin needed, who signed,
// who still has to), its risk matrix, its safety limits, a field-level diff against the last
// approved revision, the history of decisions with how each counts now, and the decision box
// (comment, Approve, Reject) whose result or refusal is shown in place.

#include "approvals/approvalqueue.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace lw::ui {

class RevisionDiffView;
class RiskMatrixView;

class ApprovalDetail : public QWidget
{
    Q_OBJECT
public:
    explicit ApprovalDetail(QWidget *parent = nullptr);

    // Shows request r; the diff is against `approved` (nullopt: there is none).
    void showRequest(const Workspace &ws, const ApprovalRequest &r,
                     const std::optional<StrategyRevision> &approved, const QDateTime &now);
    void clear(const QString &message);
    // The outcome of the last decision: shown under the buttons (red when refused).
    void showResult(bool ok, const QString &message);

    QLabel *statusLabel() const { return m_status; }
    QLabel *resultLabel() const { return m_result; }
    QLineEdit *commentEdit() const { return m_comment; }
    QPushButton *approveButton() const { return m_approve; }
    QPushButton *rejectButton() const { return m_reject; }
    QPushButton *revokeButton() const { return m_revoke; }
    QPushButton *requestButton() const { return m_request; }
    QTabWidget *tabs() const { return m_tabs; }
    RiskMatrixView *riskView() const { return m_risks; }
    QTableWidget *limitsTable() const { return m_limits; }
    RevisionDiffView *diffView() const { return m_diff; }
    QTableWidget *historyTable() const { return m_history; }
    qint64 strategyId() const { return m_strategyId; }
    int revision() const { return m_revision; }

signals:
    void decisionRequested(lw::governance::Decision decision, const QString &comment);
    void openStrategyRequested(qint64 strategyId); // a risk was double-clicked: edit the strategy
    void signOffRequested();                       // "Request approval": notify who can sign

private:
    void fillLimits(const Strategy &s);
    void fillHistory(const Workspace &ws, const ApprovalRequest &r, const QDateTime &now);

    qint64 m_strategyId = 0;
    int m_revision = 0;
    QLabel *m_title;
    QLabel *m_status;
    QTabWidget *m_tabs;
    RiskMatrixView *m_risks;
    QTableWidget *m_limits;
    RevisionDiffView *m_diff;
    QTableWidget *m_history;
    QLineEdit *m_comment;
    QPushButton *m_approve;
    QPushButton *m_reject;
    QPushButton *m_revoke;
    QPushButton *m_request;
    QLabel *m_result;
    QWidget *m_decisionBox;
};

} // namespace lw::ui
