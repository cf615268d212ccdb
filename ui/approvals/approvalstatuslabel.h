#pragma once

// The approval status of the strategy being edited, for the status bar: evaluateApprovals on the
// saved revision (who signed, who still has to), "edits need a new approval" when there are unsaved
// changes. The saved revision's status is cached until the revision changes or refresh() is called
// (after a decision), so typing in the editor does not re-verify signatures.

#include "governance/policy.h"

#include <QDateTime>
#include <QLabel>

namespace lw {
class Workspace;
}

namespace lw::ui {

struct ApprovalSummary
{
    enum class State
    {
        None,      // nothing open
        NotSaved,  // a new strategy: approvals need a saved revision
        NoSignOff, // the saved revision needs none
        Allowed,   // enough valid approvals
        Waiting,   // needs more approvals
        Rejected,
        Unsaved // edits since the saved revision need a new approval
    };
    State state = State::None;
    QString text;    // short, for the status bar
    QString details; // full reason and who still has to sign (tool tip)
};

// strategyId 0: a strategy never saved. revision 0: the latest.
ApprovalSummary summarizeApproval(const Workspace &ws, qint64 strategyId, int revision, bool modified,
                                  const QDateTime &now);

class ApprovalStatusLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ApprovalStatusLabel(Workspace &ws, QWidget *parent = nullptr);

    // edited: the editor's unsaved strategy when modified; edits that need no sign-off under the
    // workspace policy (safety level and risks still low) say so instead of "edits need a new approval".
    void showStrategy(qint64 strategyId, int revision, bool modified, const Strategy *edited = nullptr);
    void clearStrategy();
    void refresh(); // decisions changed: evaluate again
    ApprovalSummary summary() const { return m_summary; }
    QSize minimumSizeHint() const override;

private:
    void render();

    Workspace &m_ws;
    qint64 m_strategyId = -1;
    int m_revision = -1;
    bool m_modified = false;
    bool m_editsNeedSignOff = true;
    governance::ApprovalPolicy m_policy; // read with the saved revision's status
    ApprovalSummary m_saved;             // of the saved revision, without the unsaved-changes note
    ApprovalSummary m_summary;
};

} // namespace lw::ui
