#include "live/runlauncher.h"

#include "audit/clock.h"
#include "governance/approvalgate.h"
#include "governance/approvals.h"

#include "live/livedashboard.h"
#include "live/runsession.h"
#include "model/strategyjson.h"
#include "run/baselinebounds.h"
#include "run/engineprocess.h"
#include "shell/actinguser.h"
#include "shell/navigator.h"
#include "storage/workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStackedWidget>
#include <QStyle>
#include <QTimer>

namespace lw::ui {

RunLauncher::RunLauncher(Workspace &workspace, Navigator *navigator, QWidget *window)
    : QObject(window), m_ws(workspace), m_navigator(navigator), m_window(window),
      m_prompts(RunPrompts::interactive())
{}

RunLauncher::~RunLauncher() = default;

QString RunLauncher::defaultUser()
{
    return actingUser();
}

QString RunLauncher::enginePath() const
{
    if (!m_enginePath.isEmpty())
        return m_enginePath;
    // Beside the application (<build>/bin or the installed bin directory), else on PATH.
    return EngineProcess::defaultEnginePath();
}

LiveDashboard *RunLauncher::dashboard() const
{
    return m_dashboard;
}

bool RunLauncher::isRunning() const
{
    return m_session && m_session->isActive();
}

bool RunLauncher::run(qint64 strategyId, int revision, bool unsavedChanges)
{
    const auto fail = [this](const QString &title, const QString &text) {
        if (m_prompts.error)
            m_prompts.error(m_window, title, text);
        return false;
    };
    if (isRunning())
        return fail(
            tr("A run is in progress"),
            tr("Only one run at a time: stop the current run or wait for it to end, then start this one."));
    if (strategyId == 0)
        return fail(tr("Save the strategy first"),
                    tr("Runs use a saved revision, so the run can be traced to exactly what ran. Save this "
                       "strategy (Ctrl+S), then press Run."));
    const std::optional<StrategyRevision> rev =
        revision > 0 ? m_ws.revision(strategyId, revision) : m_ws.latestRevision(strategyId);
    if (!rev)
        return fail(tr("Cannot run"),
                    tr("Revision %1 of strategy %2 is not in the workspace.").arg(revision).arg(strategyId));
    const ParseResult parsed = parseStrategy(rev->json);
    if (!parsed.strategy)
        return fail(tr("Cannot run"),
                    tr("The stored document of revision %1 cannot be read.").arg(rev->revision));

    PreRunInfo info;
    info.strategy = *parsed.strategy;
    info.strategyId = strategyId;
    info.revision = rev->revision;
    info.user = defaultUser();
    // The workspace's signed approvals decide (governance); tests may inject another gate.
    const auto gateNow = [&] {
        return m_gate ? m_gate : governance::precomputedApprovalGate(m_ws, strategyId, rev->revision);
    };
    info.gate = gateNow()(info.strategy, strategyId, rev->revision, rev->hash, info.user);
    if (!info.gate.allowed)
        info.signers = governance::evaluateApprovals(m_ws, info.strategy, strategyId, rev->revision,
                                                     rev->hash, audit::now())
                           .stillToSign;
    info.window = checkTestingWindows(info.strategy.windows, QDateTime::currentDateTime());
    const auto overrideGate = governance::windowOverrideGate(m_ws, strategyId, rev->revision);
    if (!info.window.allowed)
        info.windowOverride = overrideGate(info.user);
    info.unsavedChanges = unsavedChanges;
    const BaselineThresholds baseline = resolveBaselineBounds(info.strategy, m_ws, strategyId);
    info.baselineNotes = baseline.notes;
    info.baselineWarnings = baseline.warnings;
    QSettings settings;
    const QString varsKey = QStringLiteral("run/variables/%1").arg(strategyId);
    const QVariantMap remembered = settings.value(varsKey).toMap();
    for (auto it = remembered.cbegin(); it != remembered.cend(); ++it)
        info.variables.insert(it.key(), it.value().toString());

    const std::optional<PreRunChoice> choice = m_prompts.preRun(m_window, info);
    if (!choice)
        return false;
    QVariantMap keep;
    for (auto it = choice->variables.cbegin(); it != choice->variables.cend(); ++it)
        keep.insert(it.key(), it.value());
    settings.setValue(varsKey, keep);

    RunRequest request;
    request.workspacePath = m_ws.path();
    request.strategyId = strategyId;
    request.revision = rev->revision;
    request.user = info.user;
    request.variables = choice->variables;
    request.confirmedManualPrerequisites = choice->confirmedManualPrerequisites;
    request.enginePath = enginePath();
    request.gate = gateNow(); // decided again: approvals may have expired while the dialog was open
    request.ignoreTestingWindows = choice->ignoreTestingWindows;
    request.windowOverrideReason = choice->windowOverrideReason;
    request.windowOverrideGate = overrideGate;

    if (m_areaIndex < 0) {
        m_area = new QStackedWidget;
        m_area->setObjectName(QStringLiteral("liveRunArea"));
        m_areaIndex = m_navigator->addArea(m_window->style()->standardIcon(QStyle::SP_MediaPlay),
                                           tr("Live run"), m_area);
    }
    m_session.reset(); // the previous run has ended; its data is in the workspace
    if (m_dashboard) {
        m_area->removeWidget(m_dashboard);
        m_dashboard->deleteLater();
    }
    m_dashboard = new LiveDashboard;
    m_dashboard->setStrategy(info.strategy, rev->revision);
    restoreLatencyView(m_dashboard);
    m_area->addWidget(m_dashboard);
    m_area->setCurrentWidget(m_dashboard);
    m_session = std::make_unique<RunSession>(std::move(request), m_dashboard);
    connect(m_session.get(), &RunSession::finished, this, [this](const lw::RunOutcome &outcome) {
        emit runFinished(outcome);
        if (m_closeWhenDone)
            QTimer::singleShot(0, m_window, &QWidget::close);
    });
    m_closeWhenDone = false;
    m_navigator->setCurrentArea(m_areaIndex);
    m_session->start();
    emit runStarted(strategyId);
    return true;
}

// The latency chart's statistics and scale, as the user last chose them.
void RunLauncher::restoreLatencyView(LiveDashboard *dashboard)
{
    QSettings settings;
    const QStringList saved = settings.value(QStringLiteral("dashboard/latencyStats")).toStringList();
    if (!saved.isEmpty()) {
        QList<LatencyStat> stats;
        for (LatencyStat stat : allLatencyStats()) {
            if (saved.contains(displayName(stat)))
                stats << stat;
        }
        dashboard->setLatencyView(stats, settings.value(QStringLiteral("dashboard/latencyLog")).toBool());
    }
    connect(dashboard, &LiveDashboard::latencyViewChanged, this, [dashboard] {
        QStringList names;
        for (LatencyStat stat : dashboard->latencyStats())
            names << displayName(stat);
        QSettings s;
        s.setValue(QStringLiteral("dashboard/latencyStats"), names);
        s.setValue(QStringLiteral("dashboard/latencyLog"), dashboard->latencyLogScale());
    });
}

bool RunLauncher::maybeClose()
{
    if (!isRunning())
        return true;
    const QString name = m_dashboard ? m_dashboard->windowTitle() : QString();
    switch (m_prompts.closeWhileRunning(m_window, name)) {
    case CloseWhileRunning::StopGracefully:
        m_closeWhenDone = true;
        m_session->stop();
        return false;
    case CloseWhileRunning::KeepWaiting:
        m_closeWhenDone = true;
        return false;
    case CloseWhileRunning::Cancel:
        m_closeWhenDone = false;
        return false;
    }
    return false;
}

} // namespace lw::ui
