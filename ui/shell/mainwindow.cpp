#include "shell/mainwindow.h"

#include "approvals/approvalsarea.h"
#include "approvals/approvalstatuslabel.h"
#include "approvals/auditarea.h"
#include "common/elidedlabel.h"
#include "designer/strategiesarea.h"
#include "designer/strategydocument.h"
#include "designer/strategyeditor.h"
#include "governance/workspacetrust.h"
#include "live/livedashboard.h"
#include "live/runlauncher.h"
#include "model/strategy.h"
#include "notifications/notificationsarea.h"
#include "runs/runsarea.h"
#include "shell/actinguser.h"
#include "shell/icons.h"
#include "shell/navigator.h"
#include "storage/workspace.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>

namespace lw::ui {

MainWindow::MainWindow(std::unique_ptr<lw::Workspace> workspace, QWidget *parent)
    : QMainWindow(parent), m_ws(std::move(workspace)), m_readOnly(m_ws->isReadOnly()),
      m_navigator(new Navigator), m_strategies(new StrategiesArea(*m_ws))
{
    setWindowIcon(icon(IconId::Strategy));
    m_navigator->addArea(icon(IconId::Strategy), tr("Strategies"), m_strategies);
    m_runsArea = new RunsArea(*m_ws);
    const int runsIndex = m_navigator->addArea(icon(IconId::History), tr("Runs"), m_runsArea);
    m_approvals = new ApprovalsArea(*m_ws);
    m_navigator->addArea(icon(IconId::Approvals), tr("Approvals"), m_approvals);
    m_audit = new AuditArea(*m_ws);
    m_navigator->addArea(icon(IconId::Audit), tr("Audit"), m_audit);
    auto *notifications = new NotificationsArea(*m_ws); // channels, delivery log, plugins
    m_navigator->addArea(icon(IconId::Notifications), tr("Notifications"), notifications);
    setCentralWidget(m_navigator);
    m_runs = new RunLauncher(*m_ws, m_navigator, this);
    createActions();
    createStatusBar();

    StrategyDocument *doc = m_strategies->document();
    connect(doc, &StrategyDocument::strategyChanged, this, &MainWindow::updateTitle);
    connect(doc, &StrategyDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(doc, &StrategyDocument::originChanged, this, &MainWindow::updateActions);
    connect(doc, &StrategyDocument::originChanged, this, &MainWindow::updateTitle);
    connect(doc, &StrategyDocument::issuesChanged, this, &MainWindow::updateStatus);
    connect(doc, &StrategyDocument::strategyChanged, this, &MainWindow::updateStatus);
    connect(m_strategies, &StrategiesArea::statusMessage, this,
            [this](const QString &m) { statusBar()->showMessage(m, 6000); });
    // Approval status of the open strategy: again when it is saved, edited, or a decision is recorded.
    connect(doc, &StrategyDocument::modifiedChanged, this, &MainWindow::updateStatus);
    connect(doc, &StrategyDocument::originChanged, this, &MainWindow::updateStatus);
    // One evaluation of approval state for every view: whenever the Approvals area reads it again
    // (Refresh, a decision, another acting user, a change made by another program), so does the
    // status bar.
    connect(m_approvals, &ApprovalsArea::approvalsReloaded, m_approvalStatus, &ApprovalStatusLabel::refresh);
    connect(m_approvals, &ApprovalsArea::decisionRecorded, m_approvalStatus, &ApprovalStatusLabel::refresh);
    connect(m_approvals, &ApprovalsArea::actingUserChanged, this, [this](const QString &user) {
        m_strategies->setAuthor(user);
        statusBar()->showMessage(tr("Acting as %1").arg(user), 6000);
    });
    connect(m_approvals, &ApprovalsArea::openStrategyRequested, this, [this](qint64 id) {
        if (m_strategies->openStrategy(id))
            m_navigator->setCurrentArea(0);
    });
    connect(m_audit, &AuditArea::statusMessage, this,
            [this](const QString &m) { statusBar()->showMessage(m, 6000); });
    connect(notifications, &NotificationsArea::statusMessage, this,
            [this](const QString &m) { statusBar()->showMessage(m, 6000); });
    connect(m_runsArea, &RunsArea::statusMessage, this,
            [this](const QString &m) { statusBar()->showMessage(m, 6000); });
    connect(m_runsArea, &RunsArea::debugRunRequested, this, [this](qint64 runId) {
        if (m_strategies->showDebugRun(runId))
            m_navigator->setCurrentArea(0);
    });
    // A finished live run offers its report (each run gets a new dashboard).
    connect(m_runs, &RunLauncher::runStarted, this, [this, runsIndex] {
        if (LiveDashboard *d = m_runs->dashboard())
            connect(d, &LiveDashboard::openReportRequested, this, [this, runsIndex](qint64 runId) {
                m_navigator->setCurrentArea(runsIndex);
                m_runsArea->reload();
                m_runsArea->openReport(runId);
            });
    });

    restoreState();
    m_strategies->openInitial(
        QSettings().value(QStringLiteral("strategies/lastUsed/%1").arg(m_ws->path())).toLongLong());
    updateTitle();
    updateActions();
    updateStatus();
}

MainWindow::~MainWindow() = default;

bool MainWindow::confirmWorkspaceIdentity(const std::function<bool(const QString &message)> &ask)
{
    const governance::WorkspaceTrust trust = governance::checkWorkspaceTrust(*m_ws);
    if (!trust.changed())
        return trust.status != governance::WorkspaceTrust::Status::Unknown;
    const QString message =
        tr("This workspace file is not the one you first opened here.\n\n"
           "First seen: workspace %1, first admin %2\n    key %3\n"
           "Now: workspace %4, first admin %5\n    key %6\n\n"
           "Someone may have replaced it with a copy signed by other keys. Until you trust the new "
           "identity, no approval in it counts and strategies that need sign-off cannot run. Check the "
           "new fingerprint with the workspace's admin before you trust it.\n\nTrust the new identity?")
            .arg(trust.remembered.workspaceId, trust.remembered.firstAdmin, trust.remembered.fingerprint,
                 trust.current.workspaceId, trust.current.firstAdmin, trust.current.fingerprint);
    const bool yes =
        ask ? ask(message)
            : QMessageBox::warning(this, tr("Workspace identity changed"), message,
                                   QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
    if (!yes) {
        statusBar()->showMessage(tr("Approvals in this workspace are not valid: its identity changed"));
        return false;
    }
    QString error;
    if (!governance::trustWorkspace(*m_ws, trust.current.fingerprint, &error)) {
        QMessageBox::warning(this, tr("Workspace identity changed"), error);
        return false;
    }
    m_approvals->reload();
    updateStatus();
    statusBar()->showMessage(tr("Trusted workspace %1 with first admin %2")
                                 .arg(trust.current.workspaceId, trust.current.firstAdmin),
                             6000);
    return true;
}

QAction *MainWindow::action(const QString &objectName) const
{
    return findChild<QAction *>(objectName);
}

void MainWindow::createActions()
{
    StrategiesArea *area = m_strategies;
    const auto make = [this](const QString &name, const QString &text, const QIcon &ico,
                             const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(ico, text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setStatusTip(tip);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(
            QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("...")),
            key.toString(QKeySequence::NativeText)));
        return a;
    };
    QAction *newAct = make(QStringLiteral("actionNew"), tr("&New strategy..."), icon(IconId::New),
                           QKeySequence::New, tr("Start a strategy from a template"));
    m_save = make(QStringLiteral("actionSave"), tr("&Save as new revision..."), icon(IconId::Save),
                  QKeySequence::Save, tr("Save the strategy as a new revision with a change comment"));
    QAction *importAct =
        make(QStringLiteral("actionImport"), tr("&Import JSON..."), icon(IconId::Import),
             QKeySequence(Qt::CTRL | Qt::Key_I), tr("Import a strategy file into the workspace"));
    QAction *importHarAct = make(QStringLiteral("actionImportHar"), tr("Import &HAR recording..."), QIcon(),
                                 QKeySequence(), tr("A journey from a browser recording, as a new strategy"));
    QAction *importCurlAct = make(QStringLiteral("actionImportCurl"), tr("Import c&url commands..."), QIcon(),
                                  QKeySequence(), tr("A journey from curl command lines, as a new strategy"));
    m_export = make(QStringLiteral("actionExport"), tr("&Export JSON..."), icon(IconId::Export),
                    QKeySequence(Qt::CTRL | Qt::Key_E), tr("Write the open strategy to a JSON file"));
    m_history =
        make(QStringLiteral("actionHistory"), tr("Revision &history..."), icon(IconId::History),
             QKeySequence(Qt::CTRL | Qt::Key_H), tr("Revisions of this strategy and their differences"));
    m_archive = make(QStringLiteral("actionArchive"), tr("&Archive strategy..."), icon(IconId::Archive),
                     QKeySequence(), tr("Remove the strategy from the list; its history is kept"));
    m_run = make(QStringLiteral("actionRun"), tr("&Run..."), style()->standardIcon(QStyle::SP_MediaPlay),
                 QKeySequence(Qt::CTRL | Qt::Key_R),
                 tr("Run the saved revision of this strategy and watch it live"));
    QAction *quit = make(QStringLiteral("actionQuit"), tr("&Quit"), QIcon(),
                         QKeySequence(Qt::CTRL | Qt::Key_Q), tr("Quit Loadwright"));
    quit->setMenuRole(QAction::QuitRole);
    QAction *preferencesAct = new QAction(tr("&Preferences..."), this);
    preferencesAct->setObjectName(QStringLiteral("actionPreferences"));
    preferencesAct->setMenuRole(QAction::PreferencesRole);
    preferencesAct->setStatusTip(
        tr("Choose who acts: the author of saves, the user of runs, the signer of approvals"));
    connect(preferencesAct, &QAction::triggered, this, [this] { m_approvals->editPreferences(); });
    QAction *aboutAct = new QAction(tr("&About Loadwright"), this);
    aboutAct->setObjectName(QStringLiteral("actionAbout"));

    QUndoStack *undo = area->document()->undoStack();
    QAction *undoAct = undo->createUndoAction(this, tr("&Undo"));
    undoAct->setObjectName(QStringLiteral("actionUndo"));
    undoAct->setIcon(icon(IconId::Undo));
    undoAct->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    QAction *redoAct = undo->createRedoAction(this, tr("&Redo"));
    redoAct->setObjectName(QStringLiteral("actionRedo"));
    redoAct->setIcon(icon(IconId::Redo));
    redoAct->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});

    connect(newAct, &QAction::triggered, area, &StrategiesArea::newStrategy);
    connect(m_save, &QAction::triggered, area, &StrategiesArea::save);
    connect(importAct, &QAction::triggered, area, &StrategiesArea::importJson);
    connect(importHarAct, &QAction::triggered, area, [area] { area->importRecording(RecordingKind::Har); });
    connect(importCurlAct, &QAction::triggered, area, [area] { area->importRecording(RecordingKind::Curl); });
    connect(m_export, &QAction::triggered, area, &StrategiesArea::exportJson);
    connect(m_history, &QAction::triggered, area, &StrategiesArea::showHistory);
    connect(m_archive, &QAction::triggered, area, &StrategiesArea::archive);
    connect(m_run, &QAction::triggered, this, &MainWindow::runOpenStrategy);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    connect(aboutAct, &QAction::triggered, this, &MainWindow::about);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addActions({newAct, m_save});
    file->addSeparator();
    file->addActions({importAct, importHarAct, importCurlAct, m_export});
    file->addSeparator();
    file->addAction(quit);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addActions({undoAct, redoAct});
    edit->addSeparator();
    edit->addAction(preferencesAct);
    QMenu *strategy = menuBar()->addMenu(tr("&Strategy"));
    strategy->addAction(m_run);
    strategy->addSeparator();
    strategy->addActions({m_history, m_archive});
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(aboutAct);

    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setIconSize(QSize(18, 18));
    bar->addAction(newAct);
    bar->addAction(m_save);
    bar->addSeparator();
    bar->addActions({undoAct, redoAct});
    bar->addSeparator();
    bar->addAction(m_history);
    bar->addSeparator();
    bar->addActions({importAct, m_export});
    bar->addSeparator();
    bar->addAction(m_run);
    // Shorter labels on the tool bar (icon text); the menus keep the full text.
    const QList<std::pair<QAction *, QString>> shortNames = {
        {newAct, tr("New")}, {m_save, tr("Save")},      {m_history, tr("History")},
        {m_run, tr("Run")},  {importAct, tr("Import")}, {m_export, tr("Export")}};
    for (const auto &[act, text] : shortNames)
        act->setIconText(text);
    // Undo/redo texts name the edit ("Undo Edit stages"): icons only on the tool bar.
    for (QAction *act : {undoAct, redoAct}) {
        if (auto *b = qobject_cast<QToolButton *>(bar->widgetForAction(act)))
            b->setToolButtonStyle(Qt::ToolButtonIconOnly);
    }
}

void MainWindow::createStatusBar()
{
    auto *path = new ElidedLabel;
    path->setObjectName(QStringLiteral("workspacePathLabel"));
    path->setFullText(m_ws->isReadOnly() ? tr("Workspace (read-only): %1").arg(m_ws->path())
                                         : tr("Workspace: %1").arg(m_ws->path()));
    m_pathLabel = path;
    m_validLabel = new QLabel;
    m_validLabel->setObjectName(QStringLiteral("validationLabel"));
    m_approvalStatus = new ApprovalStatusLabel(*m_ws);
    m_approvalLabel = m_approvalStatus;
    statusBar()->addPermanentWidget(m_validLabel);
    statusBar()->addPermanentWidget(m_approvalLabel);
    statusBar()->addPermanentWidget(m_pathLabel);
    for (QLabel *l : {m_validLabel, m_approvalLabel, m_pathLabel})
        l->setContentsMargins(10, 0, 10, 0);
}

void MainWindow::updateTitle()
{
    const StrategyDocument *doc = m_strategies->document();
    QString name;
    if (doc->isOpen()) {
        name = doc->strategy().name.isEmpty() ? tr("Untitled") : doc->strategy().name;
        if (doc->strategyId() == 0)
            name += tr(" (new)");
        else if (doc->origin() == StrategyDocument::Origin::RevisionView)
            name += tr(" (revision %1, read-only)").arg(doc->revision());
        setWindowTitle(name + QStringLiteral("[*] \u2014 Loadwright"));
    } else {
        setWindowTitle(QStringLiteral("Loadwright[*]"));
    }
    if (m_readOnly)
        setWindowTitle(windowTitle() + tr(" (read-only workspace)"));
    setWindowModified(doc->isModified());
}

void MainWindow::updateActions()
{
    const StrategyDocument *doc = m_strategies->document();
    m_save->setEnabled(doc->isOpen() && !doc->isReadOnly());
    m_export->setEnabled(doc->isOpen());
    m_history->setEnabled(doc->strategyId() != 0);
    m_archive->setEnabled(doc->strategyId() != 0);
    m_run->setEnabled(doc->strategyId() != 0);
}

void MainWindow::updateStatus()
{
    const StrategyDocument *doc = m_strategies->document();
    if (!doc->isOpen()) {
        m_validLabel->clear();
        m_approvalStatus->clearStrategy();
        return;
    }
    const int n = int(doc->issues().size());
    if (n == 0) {
        m_validLabel->setText(tr("<span style='color:#1f7a3e'>\u2714 Valid</span>"));
        m_validLabel->setToolTip(tr("The strategy passes every validation rule and can be saved"));
    } else {
        m_validLabel->setText(tr("<span style='color:#b42318'>\u26a0 %1</span>")
                                  .arg(n == 1 ? tr("1 problem") : tr("%1 problems").arg(n)));
        m_validLabel->setToolTip(tr("Fix the marked fields before saving"));
    }
    // The signed approvals of the saved revision (evaluateApprovals); edits need a new approval.
    m_approvalStatus->showStrategy(doc->strategyId(), doc->revision(), doc->isModified(), &doc->strategy());
}

void MainWindow::restoreState()
{
    QSettings settings;
    const QByteArray geometry = settings.value(QStringLiteral("mainWindow/geometry")).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        QSize size(1400, 900);
        if (const QScreen *screen = QApplication::primaryScreen())
            size = size.boundedTo(screen->availableSize());
        resize(size);
    }
    QMainWindow::restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    const QByteArray splitter = settings.value(QStringLiteral("strategies/splitter")).toByteArray();
    if (!splitter.isEmpty() && m_strategies->splitter()->restoreState(splitter))
        return;
    // First start: room for strategy names in the list, the rest for the editor (a quarter of a
    // 1366-pixel screen at most, so the Scenarios page keeps its step list beside the step).
    const int listWidth = qBound(300, qMin(fontMetrics().averageCharWidth() * 40, width() / 4), 430);
    m_strategies->splitter()->setSizes({listWidth, qMax(600, width() - listWidth)});
}

void MainWindow::saveState()
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), QMainWindow::saveState());
    settings.setValue(QStringLiteral("strategies/splitter"), m_strategies->splitter()->saveState());
    if (const qint64 id = m_strategies->document()->strategyId(); id > 0)
        settings.setValue(QStringLiteral("strategies/lastUsed/%1").arg(m_ws->path()), id);
}

void MainWindow::runOpenStrategy()
{
    const StrategyDocument *doc = m_strategies->document();
    // A revision being viewed runs as shown; otherwise the latest saved revision.
    const int revision = doc->origin() == StrategyDocument::Origin::RevisionView ? doc->revision() : 0;
    m_runs->run(doc->strategyId(), revision, doc->isModified());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_runs->maybeClose()) {
        event->ignore();
        return;
    }
    if (!m_strategies->maybeSave()) {
        event->ignore();
        return;
    }
    saveState();
    event->accept();
}

void MainWindow::about()
{
    QMessageBox::about(
        this, tr("About Loadwright"),
        tr("<h3>Loadwright %1</h3><p>A workbench for load tests: plan strategies, get them "
           "approved, run them with a coordinated-omission-correct engine, watch live charts and "
           "keep reports.</p><p>Workspace: %2<br>Workspace schema %3</p>")
            .arg(QStringLiteral(LW_VERSION), m_ws->path().toHtmlEscaped())
            .arg(m_ws->schemaVersion()));
}

} // namespace lw::ui
