#include "approvals/approvalstatuslabel.h"

#include "audit/clock.h"
#include "governance/approvals.h"
#include "model/strategyjson.h"
#include "storage/workspace.h"

#include <algorithm>

namespace lw::ui {

namespace {

QString names(const QStringList &list)
{
    return list.isEmpty() ? QObject::tr("nobody") : list.join(QStringLiteral(", "));
}

} // namespace

ApprovalSummary summarizeApproval(const Workspace &ws, qint64 strategyId, int revision, bool modified,
                                  const QDateTime &now)
{
    ApprovalSummary s;
    if (strategyId == 0) {
        s.state = ApprovalSummary::State::NotSaved;
        s.text = QObject::tr("Not saved: approval needs a saved revision");
        s.details = QObject::tr("Approvers sign a saved revision; save the strategy first.");
        return s;
    }
    const std::optional<StrategyRevision> rev =
        revision > 0 ? ws.revision(strategyId, revision) : ws.latestRevision(strategyId);
    const ParseResult parsed = rev ? parseStrategy(rev->json) : ParseResult();
    if (!rev || !parsed.strategy) {
        s.state = ApprovalSummary::State::None;
        return s;
    }
    const governance::ApprovalStatus st =
        governance::evaluateApprovals(ws, *parsed.strategy, strategyId, rev->revision, rev->hash, now);
    const int have = int(st.approvers.size());
    const QString admin = st.adminRequired ? QObject::tr(", incl. an admin") : QString();
    if (st.allowed && st.required == 0) {
        s.state = ApprovalSummary::State::NoSignOff;
        s.text = QObject::tr("No sign-off needed");
    } else if (st.allowed) {
        s.state = ApprovalSummary::State::Allowed;
        s.text =
            QObject::tr("\u2714 Approved %1 of %2 (%3)").arg(have).arg(st.required).arg(names(st.approvers));
    } else if (st.reason.startsWith(QStringLiteral("revision %1 was rejected").arg(rev->revision))) {
        s.state = ApprovalSummary::State::Rejected;
        s.text = QObject::tr("\u2716 Revision %1 rejected").arg(rev->revision);
    } else {
        s.state = ApprovalSummary::State::Waiting;
        s.text = st.stillToSign.isEmpty()
                     ? QObject::tr("Needs sign-off: %1 of %2%3 \u00b7 no approver can sign yet")
                           .arg(have)
                           .arg(st.required)
                           .arg(admin)
                     : QObject::tr("Needs sign-off: %1 of %2%3 \u00b7 can sign: %4")
                           .arg(have)
                           .arg(st.required)
                           .arg(admin, names(st.stillToSign));
    }
    s.details = QObject::tr("Revision %1: %2").arg(rev->revision).arg(st.reason);
    if (!st.allowed && !st.stillToSign.isEmpty())
        s.details += QObject::tr("\nCould still sign: %1 (ask them with Approvals \u25b8 Request approval)")
                         .arg(st.stillToSign.join(QStringLiteral(", ")));
    else if (!st.allowed)
        s.details += QObject::tr("\nNo registered approver other than the author can sign it: an admin adds "
                                 "approvers under Approvals \u25b8 Users.");
    if (modified) {
        s.state = ApprovalSummary::State::Unsaved;
        s.details = QObject::tr("Saved revision %1: %2").arg(rev->revision).arg(s.text) + QLatin1Char('\n') +
                    s.details;
        s.text = QObject::tr("Edits need a new approval");
    }
    return s;
}

ApprovalStatusLabel::ApprovalStatusLabel(Workspace &ws, QWidget *parent) : QLabel(parent), m_ws(ws)
{
    setObjectName(QStringLiteral("approvalLabel"));
    setTextFormat(Qt::RichText);
}

void ApprovalStatusLabel::showStrategy(qint64 strategyId, int revision, bool modified, const Strategy *edited)
{
    if (strategyId != m_strategyId || revision != m_revision || strategyId == 0) {
        m_strategyId = strategyId;
        m_revision = revision;
        m_saved = summarizeApproval(m_ws, strategyId, revision, false, audit::now());
        m_policy = governance::loadPolicy(m_ws);
    }
    m_modified = modified;
    m_editsNeedSignOff = !edited || governance::requirementFor(m_policy, *edited).approvals > 0;
    render();
}

QSize ApprovalStatusLabel::minimumSizeHint() const
{
    // A long list of signers must not set the window's minimum width: the label may clip (the tool
    // tip has it all).
    const QSize hint = QLabel::minimumSizeHint();
    return {std::min(hint.width(), 240), hint.height()};
}

void ApprovalStatusLabel::clearStrategy()
{
    m_strategyId = -1;
    m_revision = -1;
    m_saved = {};
    m_modified = false;
    render();
}

void ApprovalStatusLabel::refresh()
{
    if (m_strategyId < 0)
        return;
    m_saved = summarizeApproval(m_ws, m_strategyId, m_revision, false, audit::now());
    m_policy = governance::loadPolicy(m_ws);
    render();
}

void ApprovalStatusLabel::render()
{
    m_summary = m_saved;
    if (m_modified && !m_editsNeedSignOff && m_saved.state != ApprovalSummary::State::None &&
        m_saved.state != ApprovalSummary::State::NotSaved) {
        m_summary.state = ApprovalSummary::State::NoSignOff;
        m_summary.text = tr("No sign-off needed");
        m_summary.details = tr("The edited strategy needs no approval under the workspace policy.");
    } else if (m_modified && m_saved.state != ApprovalSummary::State::None &&
               m_saved.state != ApprovalSummary::State::NotSaved) {
        m_summary.state = ApprovalSummary::State::Unsaved;
        m_summary.details = tr("Saved revision: %1\n%2").arg(m_saved.text, m_saved.details);
        m_summary.text = tr("Edits need a new approval");
    }
    QString color;
    switch (m_summary.state) {
    case ApprovalSummary::State::Allowed:
    case ApprovalSummary::State::NoSignOff:
        color = QStringLiteral("#1f7a3e");
        break;
    case ApprovalSummary::State::Rejected:
        color = QStringLiteral("#b42318");
        break;
    case ApprovalSummary::State::Waiting:
    case ApprovalSummary::State::Unsaved:
        color = QStringLiteral("#9a5b00");
        break;
    default:
        break;
    }
    setText(
        color.isEmpty()
            ? m_summary.text.toHtmlEscaped()
            : QStringLiteral("<span style='color:%1'>%2</span>").arg(color, m_summary.text.toHtmlEscaped()));
    setToolTip(m_summary.details);
}

} // namespace lw::ui
