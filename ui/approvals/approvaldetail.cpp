#include "approvals/approvaldetail.h"
#include "common/columnfit.h"

#include "designer/revisiondiffview.h"
#include "designer/riskmatrixview.h"
#include "model/strategywords.h"
#include "storage/sqlutil.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace lw::ui {

namespace {

QTableWidget *makeTable(const QStringList &headers, const QString &name)
{
    auto *t = new QTableWidget(0, int(headers.size()));
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setAlternatingRowColors(true);
    t->setWordWrap(false);
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}

void setRow(QTableWidget *t, int row, const QStringList &cells)
{
    for (int c = 0; c < cells.size(); ++c) {
        auto *item = new QTableWidgetItem(cells.at(c));
        item->setToolTip(cells.at(c));
        t->setItem(row, c, item);
    }
}

QString localTime(const QString &dbTime)
{
    const QDateTime t = sql::fromDbTime(dbTime);
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm")) : dbTime;
}

QColor stateColor(DecisionState s)
{
    switch (s) {
    case DecisionState::Valid:
        return QColor(0x1f, 0x7a, 0x3e);
    case DecisionState::Stale:
    case DecisionState::Expired:
        return QColor(0x9a, 0x5b, 0x00);
    case DecisionState::Ignored:
        return QColor(0xb4, 0x23, 0x18);
    }
    return {};
}

} // namespace

ApprovalDetail::ApprovalDetail(QWidget *parent)
    : QWidget(parent), m_title(new QLabel), m_status(new QLabel), m_tabs(new QTabWidget),
      m_risks(new RiskMatrixView),
      m_limits(makeTable({tr("Limit"), tr("Metric"), tr("Threshold"), tr("Held for"), tr("Action")},
                         QStringLiteral("limitsTable"))),
      m_diff(new RevisionDiffView),
      m_history(makeTable(
          {tr("When"), tr("Who"), tr("Decision"), tr("Revision"), tr("State"), tr("Why"), tr("Comment")},
          QStringLiteral("historyTable"))),
      m_comment(new QLineEdit), m_approve(new QPushButton(tr("Approve"))),
      m_reject(new QPushButton(tr("Reject"))), m_revoke(new QPushButton(tr("Revoke my approval"))),
      m_request(new QPushButton(tr("Request approval"))), m_result(new QLabel), m_decisionBox(new QWidget)
{
    m_title->setObjectName(QStringLiteral("requestTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_title->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("approvalStatus"));
    m_status->setTextFormat(Qt::RichText);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setStyleSheet(
        QStringLiteral("QLabel#approvalStatus { background: palette(alternate-base); border: 1px solid "
                       "palette(mid); border-radius: 4px; padding: 8px; }"));

    m_tabs->setObjectName(QStringLiteral("requestTabs"));
    m_tabs->addTab(m_risks, tr("Risk matrix"));
    m_tabs->addTab(m_limits, tr("Safety limits"));
    m_tabs->addTab(m_diff, tr("Changes since last approval"));
    m_tabs->addTab(m_history, tr("Decisions"));

    m_comment->setObjectName(QStringLiteral("decisionComment"));
    m_comment->setPlaceholderText(tr("Comment (signed with your decision; say why when rejecting)"));
    m_comment->setClearButtonEnabled(true);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    m_approve->setToolTip(tr("Sign this exact revision as approved with your private key"));
    m_reject->setToolTip(tr("Record a signed rejection: the revision cannot run until it is edited"));
    m_revoke->setObjectName(QStringLiteral("revokeButton"));
    m_revoke->setToolTip(tr("Withdraw your approval of this revision (signed and audited)"));
    m_revoke->hide();
    m_request->setObjectName(QStringLiteral("requestApprovalButton"));
    m_request->setToolTip(tr("Notify the approvers' channels (approval.requested) that this revision waits "
                             "for their sign-off"));
    m_result->setObjectName(QStringLiteral("decisionResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->hide();
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_comment, 1);
    buttons->addWidget(m_approve);
    buttons->addWidget(m_reject);
    buttons->addWidget(m_revoke);
    buttons->addWidget(m_request);
    auto *box = new QVBoxLayout(m_decisionBox);
    box->setContentsMargins(0, 0, 0, 0);
    box->addLayout(buttons);
    box->addWidget(m_result);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_status);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_decisionBox);

    connect(m_approve, &QPushButton::clicked, this,
            [this] { emit decisionRequested(governance::Decision::Approve, m_comment->text().trimmed()); });
    connect(m_revoke, &QPushButton::clicked, this,
            [this] { emit decisionRequested(governance::Decision::Revoke, m_comment->text().trimmed()); });
    connect(m_risks, &RiskMatrixView::riskActivated, this, [this] {
        if (m_strategyId != 0)
            emit openStrategyRequested(m_strategyId);
    });
    connect(m_request, &QPushButton::clicked, this, &ApprovalDetail::signOffRequested);
    connect(m_reject, &QPushButton::clicked, this,
            [this] { emit decisionRequested(governance::Decision::Reject, m_comment->text().trimmed()); });
    clear(tr("Select a request to see its risks, limits and changes."));
}

void ApprovalDetail::clear(const QString &message)
{
    m_strategyId = 0;
    m_revision = 0;
    m_title->setText(
        QStringLiteral("<span style='color:palette(mid)'>%1</span>").arg(message.toHtmlEscaped()));
    m_status->hide();
    m_tabs->hide();
    m_decisionBox->hide();
}

void ApprovalDetail::showRequest(const Workspace &ws, const ApprovalRequest &r,
                                 const std::optional<StrategyRevision> &approved, const QDateTime &now)
{
    const bool sameRequest = m_strategyId == r.strategyId && m_revision == r.revision.revision;
    m_strategyId = r.strategyId;
    m_revision = r.revision.revision;
    m_title->setText(
        tr("<b style='font-size:14pt'>%1</b><br>revision %2 by %3, saved %4 \u00b7 level <b>%5</b>")
            .arg(r.strategy.name.toHtmlEscaped())
            .arg(r.revision.revision)
            .arg(r.revision.author.toHtmlEscaped(),
                 QLocale().toString(r.revision.createdAt.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm")),
                 displayName(r.level)));

    const governance::ApprovalStatus &st = r.status;
    const QString color = st.allowed   ? QStringLiteral("#1f7a3e")
                          : r.rejected ? QStringLiteral("#b42318")
                                       : QStringLiteral("#9a5b00");
    const QString headline = st.allowed
                                 ? (st.required == 0 ? tr("No sign-off needed") : tr("Approved: may run"))
                             : r.rejected ? tr("Rejected: edit the strategy to ask again")
                                          : tr("Waiting for sign-off");
    QStringList lines;
    lines << QStringLiteral("<b style='color:%1'>%2</b> \u2014 %3 of %4 approvals%5")
                 .arg(color, headline)
                 .arg(st.approvers.size())
                 .arg(st.required)
                 .arg(st.adminRequired ? tr(", one of them an admin's") : QString());
    lines << tr("Signed by: %1")
                 .arg(st.approvers.isEmpty() ? tr("nobody yet") : st.approvers.join(QStringLiteral(", ")));
    if (!st.allowed)
        lines << tr("Still to sign (any of): %1")
                     .arg(st.stillToSign.isEmpty() ? tr("no other approver is registered")
                                                   : st.stillToSign.join(QStringLiteral(", ")));
    lines << QStringLiteral("<span style='color:palette(dark)'>%1</span>").arg(st.reason.toHtmlEscaped());
    m_status->setText(lines.join(QStringLiteral("<br>")));
    m_status->show();

    m_risks->setRisks(r.strategy.risks);
    fillLimits(r.strategy);
    if (approved) {
        m_diff->setRevisions(*approved, r.revision);
        m_tabs->setTabText(2, tr("Changes since revision %1 (approved)").arg(approved->revision));
    } else {
        m_diff->clear(tr("No earlier approved revision: this is the first sign-off of the strategy, review "
                         "it in full."));
        m_tabs->setTabText(2, tr("Changes since last approval"));
    }
    fillHistory(ws, r, now);
    m_tabs->show();

    m_decisionBox->show();
    if (!sameRequest) {
        m_comment->clear();
        m_result->hide();
    }
    const QString hint = r.mine ? tr("You may sign this revision") : r.notMineReason;
    m_approve->setToolTip(hint);
    m_approve->setVisible(!r.signedByMe);
    m_revoke->setVisible(r.signedByMe);
    m_reject->setToolTip(hint);
    m_request->setVisible(!r.status.allowed && !r.rejected && r.status.required > 0);
}

void ApprovalDetail::showResult(bool ok, const QString &message)
{
    m_result->setText(QStringLiteral("<span style='color:%1'>%2 %3</span>")
                          .arg(ok ? QStringLiteral("#1f7a3e") : QStringLiteral("#b42318"),
                               ok ? QStringLiteral("\u2714") : QStringLiteral("\u26a0"),
                               message.toHtmlEscaped()));
    m_result->show();
}

void ApprovalDetail::fillLimits(const Strategy &s)
{
    m_limits->setRowCount(int(s.safetyLimits.size()));
    for (int i = 0; i < s.safetyLimits.size(); ++i) {
        const SafetyLimit &l = s.safetyLimits.at(i);
        const QString metric = toString(l.metric);
        setRow(m_limits, i,
               {l.name, metric, QLocale().toString(l.threshold) + QLatin1Char(' ') + metricUnit(l.metric),
                l.forDuration, QString(toString(l.action)).replace(QLatin1Char('_'), QLatin1Char(' '))});
    }
    fitColumns(m_limits);
    m_tabs->setTabText(1, tr("Safety limits (%1)").arg(s.safetyLimits.size()));
}

void ApprovalDetail::fillHistory(const Workspace &ws, const ApprovalRequest &r, const QDateTime &now)
{
    QString error;
    QList<governance::ApprovalRecord> records = governance::approvalRecords(ws, r.strategyId, &error);
    std::reverse(records.begin(), records.end()); // newest first
    m_history->setRowCount(int(records.size()));
    for (int i = 0; i < records.size(); ++i) {
        const governance::ApprovalRecord &rec = records.at(i);
        QString why;
        const DecisionState state = decisionState(rec, r.revision.revision, r.revision.author, now, &why);
        setRow(m_history, i,
               {localTime(rec.createdAt), rec.approver, governance::toString(rec.decision),
                QString::number(rec.revision), toString(state), why, rec.comment});
        m_history->item(i, 4)->setForeground(stateColor(state));
    }
    fitColumns(m_history);
    m_tabs->setTabText(3, tr("Decisions (%1)").arg(records.size()));
}

} // namespace lw::ui
