#include "debug/debugpanel.h"

#include "debug/debugresultsmodel.h"
#include "debug/debugsession.h"
#include "governance/approvalgate.h"
#include "services/debugruns.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QAction>
#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QWidgetAction>

#include <functional>

namespace lw::ui {

namespace {

// A menu row "label [spin] [Send]": sending closes the menu.
QWidgetAction *spinAction(QMenu *menu, const QString &label, const QString &tip, QSpinBox **spinOut,
                          const std::function<void(int)> &send)
{
    auto *row = new QWidget(menu);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(8, 2, 8, 2);
    auto *text = new QLabel(label, row);
    auto *spin = new QSpinBox(row);
    spin->setRange(1, 10);
    spin->setValue(3);
    spin->setToolTip(tip);
    auto *go = new QPushButton(DebugPanel::tr("Send"), row);
    layout->addWidget(text);
    layout->addStretch(1);
    layout->addWidget(spin);
    layout->addWidget(go);
    auto *action = new QWidgetAction(menu);
    action->setDefaultWidget(row);
    QObject::connect(go, &QPushButton::clicked, menu, [menu, spin, send] {
        menu->close();
        send(spin->value());
    });
    *spinOut = spin;
    return action;
}

} // namespace

DebugPanel::DebugPanel(Workspace &workspace, QWidget *parent)
    : QWidget(parent), m_ws(workspace), m_model(new DebugResultsModel(this)), m_send(new QToolButton),
      m_sendOne(new QAction(tr("Send one iteration"), this)), m_progress(new QProgressBar),
      m_cancel(new QPushButton(tr("Cancel"))), m_delete(new QPushButton(tr("Delete"))), m_status(new QLabel),
      m_showSecrets(new QCheckBox(tr("Show secrets"))), m_split(new QSplitter(Qt::Horizontal)),
      m_tree(new QTreeView), m_details(new QPlainTextEdit)
{
    setObjectName(QStringLiteral("debugPanel"));
    m_sendOne->setObjectName(QStringLiteral("actionSendOneIteration"));
    m_sendOne->setToolTip(tr("Send one iteration of the saved strategy through the engine, one virtual user, "
                             "and show every request, response, extraction, check and cookie"));
    connect(m_sendOne, &QAction::triggered, this, [this] { emit sendRequested(DebugOptions{}); });

    auto *menu = new QMenu(this);
    menu->addAction(m_sendOne);
    menu->addAction(spinAction(menu, tr("Iterations, one after the other:"),
                               tr("Each iteration by a fresh virtual user (its own cookies)"), &m_iterations,
                               [this](int n) {
                                   DebugOptions o;
                                   o.iterations = n;
                                   emit sendRequested(o);
                               }));
    menu->addAction(spinAction(menu, tr("One per data row, first rows:"),
                               tr("Iteration k takes row k of every data source of the scenario"), &m_rows,
                               [this](int n) {
                                   DebugOptions o;
                                   o.rows = n;
                                   emit sendRequested(o);
                               }));
    m_send->setDefaultAction(m_sendOne);
    m_send->setMenu(menu);
    m_send->setPopupMode(QToolButton::MenuButtonPopup);
    m_send->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_send->setIcon(style()->standardIcon(QStyle::SP_MediaSeekForward));

    m_progress->setRange(0, 0); // busy: the number of steps is not known in advance
    m_progress->setMaximumWidth(120);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_cancel->setEnabled(false);
    m_cancel->setToolTip(tr("Stop the debug run now (every connection is closed)"));
    connect(m_cancel, &QPushButton::clicked, this, &DebugPanel::cancel);
    m_delete->setObjectName(QStringLiteral("deleteDebugRun"));
    m_delete->setEnabled(false);
    m_delete->setToolTip(tr("Delete the debug run shown, with its step records (on the audit trail)"));
    connect(m_delete, &QPushButton::clicked, this, &DebugPanel::deleteShownRun);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(false);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_showSecrets->setToolTip(tr("Show Authorization, Cookie and Set-Cookie values, tokens and passwords"));
    connect(m_showSecrets, &QCheckBox::toggled, this, [this](bool on) {
        m_model->setShowSecrets(on);
        expandSteps();
    });

    m_tree->setModel(m_model);
    m_tree->setObjectName(QStringLiteral("debugResultsTree"));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, 240);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this, &DebugPanel::showDetails);
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Select a body, header or check to see it in full"));
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_split->addWidget(m_tree);
    m_split->addWidget(m_details);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);
    m_split->setChildrenCollapsible(false);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_send);
    bar->addWidget(m_progress);
    bar->addWidget(m_cancel);
    bar->addWidget(m_delete);
    bar->addWidget(m_status, 1);
    bar->addWidget(m_showSecrets);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_split, 1);
    setStatus(tr("Send one iteration of the saved strategy to see each request and response."));
}

DebugPanel::~DebugPanel() = default;

bool DebugPanel::isRunning() const
{
    return m_session && m_session->isActive();
}

QString DebugPanel::statusText() const
{
    return m_status->text();
}

void DebugPanel::setStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setToolTip(text);
}

void DebugPanel::setRunning(bool running)
{
    m_send->setEnabled(!running);
    m_sendOne->setEnabled(!running);
    m_cancel->setEnabled(running);
    m_delete->setEnabled(!running && m_runId > 0);
    m_progress->setVisible(running);
}

bool DebugPanel::start(qint64 strategyId, const DebugOptions &options)
{
    if (isRunning()) {
        setStatus(tr("A debug run is already going: wait for it or cancel it."));
        return false;
    }
    const std::optional<StrategyRevision> rev = m_ws.latestRevision(strategyId);
    if (!rev) {
        setStatus(tr("Save the strategy first: a debug run sends a saved revision."));
        return false;
    }
    RunRequest request;
    request.workspacePath = m_ws.path();
    request.strategyId = strategyId;
    request.revision = rev->revision;
    request.user = m_user;
    request.enginePath = m_enginePath;
    // The same gate as a run, decided now with the GUI thread's connection (governance/approvalgate.h).
    request.gate = m_gate ? m_gate : governance::precomputedApprovalGate(m_ws, strategyId, rev->revision);
    request.debug = options;

    m_session.reset(); // the previous one has finished
    m_model->clear();
    m_details->clear();
    m_runId = 0;
    m_session = std::make_unique<DebugSession>(request);
    connect(m_session.get(), &DebugSession::runCreated, this, [this](qint64 id) { m_runId = id; });
    connect(m_session.get(), &DebugSession::statusChanged, this,
            [this](RunStatus, const QString &detail) { setStatus(detail); });
    connect(m_session.get(), &DebugSession::stepRecorded, this, [this](const QJsonObject &record) {
        m_model->appendRecord(record);
        expandSteps();
        setStatus(tr("%n step(s) received", nullptr, int(m_model->records().size())));
    });
    connect(m_session.get(), &DebugSession::finished, this, [this](const RunOutcome &outcome) {
        setRunning(false);
        const QString text = outcome.runId > 0
                                 ? tr("Debug run #%1: %2").arg(outcome.runId).arg(outcome.reason)
                                 : outcome.reason;
        setStatus(text);
        emit statusMessage(text);
        emit finished(outcome);
    });
    setRunning(true);
    const QString what = options.rows > 0
                             ? tr("one iteration per data row (first %n rows)", nullptr, options.rows)
                             : tr("%n iteration(s)", nullptr, options.iterations);
    setStatus(tr("Sending %1 of revision %2 through the engine\u2026").arg(what).arg(rev->revision));
    m_session->start();
    return true;
}

void DebugPanel::cancel()
{
    if (!isRunning())
        return;
    setStatus(tr("Cancelling\u2026"));
    m_session->cancel();
}

bool DebugPanel::openRun(qint64 runId)
{
    RunStore store(m_ws);
    StoreError error;
    const std::optional<RunRecord> run = store.run(runId, &error);
    if (!run || run->kind != RunKind::Debug) {
        setStatus(run ? tr("Run #%1 is a load run, not a debug run.").arg(runId)
                      : tr("There is no run #%1.").arg(runId));
        return false;
    }
    m_model->setRecords(store.debugSteps(runId, &error));
    if (error.isError()) {
        setStatus(error.message);
        return false;
    }
    m_runId = runId;
    m_delete->setEnabled(!isRunning());
    expandSteps();
    setStatus(tr("Debug run #%1 of %2 (revision %3): %4")
                  .arg(runId)
                  .arg(run->strategyName)
                  .arg(run->revision)
                  .arg(run->statusReason));
    return true;
}

bool DebugPanel::deleteShownRun()
{
    if (isRunning() || m_runId <= 0)
        return false;
    const qint64 id = m_runId;
    if (m_confirm && !m_confirm(tr("Delete debug run #%1?").arg(id),
                                tr("Debug run #%1 and its step records are deleted; the deletion is recorded "
                                   "on the audit trail.")
                                    .arg(id)))
        return false;
    QString error;
    if (!deleteDebugRun(m_ws, id, m_user, &error)) {
        setStatus(error);
        return false;
    }
    m_model->clear();
    m_details->clear();
    m_runId = 0;
    m_delete->setEnabled(false);
    const QString text = tr("Debug run #%1 deleted.").arg(id);
    setStatus(text);
    emit statusMessage(text);
    return true;
}

void DebugPanel::expandSteps()
{
    // Iterations open on their steps; a failed step opens on what failed.
    for (int i = 0; i < m_model->rowCount(); ++i) {
        const QModelIndex it = m_model->index(i, 0);
        m_tree->expand(it);
        for (int s = 0; s < m_model->rowCount(it); ++s) {
            const QModelIndex step = m_model->index(s, 0, it);
            if (step.data(DebugResultsModel::StateRole).toInt() != int(DebugResultsModel::State::Failed))
                continue;
            m_tree->expand(step);
            for (int k = 0; k < m_model->rowCount(step); ++k) {
                const QModelIndex part = m_model->index(k, 0, step);
                if (part.data(DebugResultsModel::StateRole).toInt() == int(DebugResultsModel::State::Failed))
                    m_tree->expand(part);
            }
        }
    }
}

void DebugPanel::showDetails()
{
    const QModelIndex index = m_tree->currentIndex();
    if (!index.isValid()) {
        m_details->clear();
        return;
    }
    const QModelIndex first = index.siblingAtColumn(0);
    m_details->setPlainText(first.data(DebugResultsModel::FullTextRole).toString());
}

} // namespace lw::ui
