#include "live/livedashboard.h"

#include "live/checksummarymodel.h"
#include "live/runcharts.h"
#include "live/runheader.h"
#include "live/runtablemodels.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QTableView *makeTable(QAbstractItemModel *model)
{
    auto *view = new QTableView;
    view->setModel(model);
    view->setShowGrid(false);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->setWordWrap(false);
    view->setFrameShape(QFrame::NoFrame);
    return view;
}

QWidget *card(const QString &title, QWidget *body, QWidget *tools)
{
    auto *frame = new QFrame;
    frame->setObjectName(QStringLiteral("dashCard"));
    frame->setStyleSheet(QStringLiteral(
        "#dashCard { background: palette(base); border: 1px solid #dde2ea; border-radius: 6px; }"));
    auto *v = new QVBoxLayout(frame);
    v->setContentsMargins(8, 4, 8, 6);
    v->setSpacing(2);
    auto *headWidget = new QWidget;
    headWidget->setFixedHeight(26);
    auto *head = new QHBoxLayout(headWidget);
    head->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(title);
    label->setStyleSheet(QStringLiteral("font-weight: bold; color: #2b313b;"));
    head->addWidget(label);
    head->addStretch(1);
    if (tools)
        head->addWidget(tools);
    v->addWidget(headWidget);
    v->addWidget(body, 1);
    return frame;
}

} // namespace

LiveDashboard::LiveDashboard(QWidget *parent)
    : QWidget(parent), m_header(new RunHeader), m_stop(new QPushButton(tr("Stop"))),
      m_emergency(new QPushButton(tr("Emergency stop"))), m_emergencyShortcut(new QShortcut(this)),
      m_banner(new QLabel), m_latency(new LatencyChart), m_throughput(new ThroughputChart),
      m_resources(new ResourceChart), m_network(new NetworkChart), m_events(new EventLogModel(this)),
      m_eventView(makeTable(m_events)), m_errors(new ErrorBreakdownModel(this)),
      m_errorView(makeTable(m_errors)), m_errorSummary(new QLabel), m_split(new QSplitter(Qt::Vertical)),
      m_redrawTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("liveDashboard"));
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setToolTip(tr("Stop gracefully: no new requests, in-flight ones finish, the run is kept"));
    m_stop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_emergency->setObjectName(QStringLiteral("emergencyStopButton"));
    m_emergency->setToolTip(tr("Emergency stop: close every connection at once (%1, works from any area)")
                                .arg(emergencyShortcut().toString(QKeySequence::NativeText)));
    m_emergency->setStyleSheet(QStringLiteral(
        "#emergencyStopButton { background: #c62f3b; color: white; font-weight: bold; border: 1px solid "
        "#a1212c;"
        " border-radius: 4px; padding: 4px 14px; }"
        "#emergencyStopButton:hover { background: #b0242f; }"
        "#emergencyStopButton:disabled { background: #e9c3c6; border-color: #e0b4b8; color: #fbeeee; }"));
    m_emergencyShortcut->setKey(emergencyShortcut());
    m_emergencyShortcut->setContext(Qt::ApplicationShortcut);
    connect(m_stop, &QPushButton::clicked, this, &LiveDashboard::stopRequested);
    connect(m_emergency, &QPushButton::clicked, this, &LiveDashboard::emergencyStopRequested);
    connect(m_emergencyShortcut, &QShortcut::activated, this, [this] {
        if (m_emergency->isEnabled())
            emit emergencyStopRequested();
    });
    m_header->buttonArea()->addWidget(m_stop);
    m_header->buttonArea()->addWidget(m_emergency);
    // After the run: its report (Runs area), where ranges can be re-sliced and compared.
    m_openReport = new QPushButton(tr("Open report"));
    m_openReport->setObjectName(QStringLiteral("openReportButton"));
    m_openReport->setToolTip(tr("Open the stored report of this run in the Runs area"));
    m_openReport->setVisible(false);
    connect(m_openReport, &QPushButton::clicked, this, [this] { emit openReportRequested(m_runId); });
    m_header->buttonArea()->addWidget(m_openReport);

    m_banner->setObjectName(QStringLiteral("bottleneckBanner"));
    m_banner->setWordWrap(true);
    m_banner->setVisible(false);
    m_banner->setStyleSheet(
        QStringLiteral("#bottleneckBanner { background: #fff4d6; border: 1px solid #e6b84a;"
                       " border-radius: 4px; padding: 6px 10px; color: #6b4a00; }"));

    auto *chartGrid = new QWidget;
    auto *grid = new QGridLayout(chartGrid);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(8);
    grid->addWidget(card(tr("Latency"), m_latency, latencyTools()), 0, 0);
    grid->addWidget(card(tr("Throughput and errors"), m_throughput, nullptr), 0, 1);
    grid->addWidget(card(tr("CPU and memory"), m_resources, nullptr), 1, 0);
    grid->addWidget(card(tr("Host network and disk"), m_network, nullptr), 1, 1);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);
    for (LiveChart *c : charts())
        connect(c, &LiveChart::crosshairMoved, this, [this, c](double key) { syncCrosshair(c, key); });

    m_eventView->setObjectName(QStringLiteral("eventLog"));
    m_eventView->setMinimumHeight(44);
    m_errorView->setMinimumHeight(44);
    m_eventView->horizontalHeader()->setSectionResizeMode(EventLogModel::MessageColumn, QHeaderView::Stretch);
    m_eventView->setColumnWidth(EventLogModel::TimeColumn, 64);
    m_eventView->setColumnWidth(EventLogModel::SeverityColumn, 92);
    m_eventView->setColumnWidth(EventLogModel::KindColumn, 120);
    m_errorView->setObjectName(QStringLiteral("errorBreakdown"));
    m_errorView->horizontalHeader()->setSectionResizeMode(ErrorBreakdownModel::ClassColumn,
                                                          QHeaderView::Stretch);
    m_errorView->setColumnWidth(ErrorBreakdownModel::CountColumn, 64);
    m_errorView->setColumnWidth(ErrorBreakdownModel::ShareColumn, 58);
    m_errorSummary->setObjectName(QStringLiteral("errorSummary"));
    m_errorSummary->setStyleSheet(QStringLiteral("color: #5b6472;"));
    m_errorSummary->setText(tr("No errors"));
    auto *errorBody = new QWidget;
    auto *eb = new QVBoxLayout(errorBody);
    eb->setContentsMargins(0, 0, 0, 0);
    eb->setSpacing(2);
    eb->addWidget(m_errorView, 1);
    eb->addWidget(m_errorSummary);
    auto *bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(card(tr("Event log"), m_eventView, nullptr));
    bottom->addWidget(card(tr("Errors by class and status"), errorBody, nullptr));
    bottom->addWidget(buildChecksCard());
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 1);
    bottom->setStretchFactor(2, 2);
    bottom->setChildrenCollapsible(false);

    m_split->addWidget(chartGrid);
    m_split->addWidget(bottom);
    m_split->setStretchFactor(0, 4);
    m_split->setStretchFactor(1, 1);
    m_split->setChildrenCollapsible(false);
    m_split->setHandleWidth(8);
    connect(m_split, &QSplitter::splitterMoved, this, [this] { m_splitTouched = true; });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(8);
    layout->addWidget(m_header);
    layout->addWidget(m_banner);
    layout->addWidget(m_split, 1);

    m_redrawTimer->setSingleShot(true);
    m_redrawTimer->setInterval(kRedrawIntervalMs);
    connect(m_redrawTimer, &QTimer::timeout, this, &LiveDashboard::redraw);
    // Follow the newest event unless the user scrolled up to read.
    connect(m_events, &QAbstractItemModel::rowsInserted, this, [this] {
        QScrollBar *bar = m_eventView->verticalScrollBar();
        if (bar->value() >= bar->maximum() - 2)
            QTimer::singleShot(0, m_eventView, &QTableView::scrollToBottom);
    });
    updateButtons();
    redraw();
}

LiveDashboard::~LiveDashboard() = default;

void LiveDashboard::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Charts get most of the height until the user moves the splitter.
    if (!m_splitTouched) {
        const int h = m_split->height();
        const int bottom = std::clamp(h / 4, 90, 220);
        m_split->setSizes({h - bottom, bottom});
    }
}

QKeySequence LiveDashboard::emergencyShortcut()
{
    return QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X);
}

QList<LiveChart *> LiveDashboard::charts() const
{
    return {m_latency, m_throughput, m_resources, m_network};
}

QWidget *LiveDashboard::buildChecksCard()
{
    m_checks = new CheckSummaryModel(this);
    m_checkView = makeTable(m_checks);
    m_checkView->setObjectName(QStringLiteral("checkSummary"));
    m_checkView->setMinimumHeight(44);
    m_checkView->horizontalHeader()->setSectionResizeMode(CheckSummaryModel::CheckColumn,
                                                          QHeaderView::Stretch);
    for (int c = CheckSummaryModel::PassedColumn; c < CheckSummaryModel::ColumnCount; ++c)
        m_checkView->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_checkSummary = new QLabel(tr("No check evaluated yet"));
    m_checkSummary->setObjectName(QStringLiteral("checkTotals"));
    m_checkSummary->setStyleSheet(QStringLiteral("color: #5b6472;"));
    auto *body = new QWidget;
    auto *v = new QVBoxLayout(body);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(2);
    v->addWidget(m_checkView, 1);
    v->addWidget(m_checkSummary);
    m_checksCard = card(tr("Checks"), body, nullptr);
    m_checksCard->setObjectName(QStringLiteral("checksCard"));
    m_checksCard->setVisible(false); // shown once the strategy or an interval names a check
    return m_checksCard;
}

void LiveDashboard::updateChecks()
{
    const QList<LiveCheckRow> &rows = m_model.checks();
    m_checks->setRows(rows);
    if (rows.isEmpty())
        return;
    m_checksCard->setVisible(true);
    const qint64 passes = m_model.checkPasses(), fails = m_model.checkFails();
    if (passes + fails == 0) {
        m_checkSummary->setText(tr("No check evaluated yet"));
        return;
    }
    const double rate = 100.0 * double(fails) / double(passes + fails);
    m_checkSummary->setText(
        tr("%1 passed, %2 failed (check_failure_rate %3 %)")
            .arg(QLocale().toString(passes), QLocale().toString(fails), QLocale().toString(rate, 'f', 2)));
    m_checkSummary->setStyleSheet(fails > 0 ? QStringLiteral("color: #b42318;")
                                            : QStringLiteral("color: #5b6472;"));
}

QWidget *LiveDashboard::latencyTools()
{
    auto *tools = new QWidget;
    auto *h = new QHBoxLayout(tools);
    h->setContentsMargins(0, 0, 0, 0);
    h->setSpacing(4);
    m_scope = new QComboBox;
    m_scope->setObjectName(QStringLiteral("latencyScope"));
    m_scope->setToolTip(tr("Latency of all requests together, of one named request or step, or the "
                           "duration of a transaction or of a scenario's iterations"));
    m_scope->addItem(tr("All requests"), QString());
    m_scope->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this] {
        m_latency->setScope(m_scope->currentData().toString(), m_scope->currentText());
        m_latency->refresh(m_model);
    });
    m_statsButton = new QToolButton;
    m_statsButton->setObjectName(QStringLiteral("latencyStats"));
    m_statsButton->setText(tr("Percentiles"));
    m_statsButton->setToolTip(tr("Which statistics the latency chart shows"));
    m_statsButton->setPopupMode(QToolButton::InstantPopup);
    m_statsMenu = new QMenu(m_statsButton);
    for (LatencyStat stat : allLatencyStats()) {
        QAction *a = m_statsMenu->addAction(displayName(stat));
        a->setObjectName(QStringLiteral("stat") + displayName(stat).remove(QLatin1Char('.')));
        a->setCheckable(true);
        a->setChecked(m_latency->isStatVisible(stat));
        connect(a, &QAction::toggled, this, [this, stat](bool on) {
            m_latency->setStatVisible(stat, on);
            m_latency->refresh(m_model);
            emit latencyViewChanged();
        });
    }
    m_statsButton->setMenu(m_statsMenu);
    m_log = new QToolButton;
    m_log->setObjectName(QStringLiteral("latencyLogScale"));
    m_log->setText(tr("Log"));
    m_log->setCheckable(true);
    m_log->setToolTip(tr("Logarithmic latency axis: tails and medians readable on one chart"));
    connect(m_log, &QToolButton::toggled, this, [this](bool on) {
        m_latency->setLogScale(on);
        m_latency->refresh(m_model);
        emit latencyViewChanged();
    });
    h->addWidget(m_scope);
    h->addWidget(m_statsButton);
    h->addWidget(m_log);
    return tools;
}

void LiveDashboard::setStrategy(const Strategy &strategy, int revision)
{
    m_revision = revision;
    setWindowTitle(strategy.name);
    m_header->setStrategy(strategy.name, revision);
    m_model.setLoadProfile(strategy.load);
    QStringList names;
    for (const Target &t : strategy.targets)
        names << t.name;
    // Scenarios: every step is a request; transactions and iterations are scopes of their own.
    QList<LiveScope> transactions, iterations;
    QStringList checks;
    for (const Scenario &sc : strategy.scenarios) {
        for (const Step &st : sc.steps) {
            names << st.name;
            const QString tx = st.transaction.trimmed();
            const QString key = LiveRunModel::scopeKey(ScopeKind::Transaction, tx);
            if (!tx.isEmpty() && std::none_of(transactions.cbegin(), transactions.cend(),
                                              [&key](const LiveScope &s) { return s.key == key; }))
                transactions.append({key, LiveRunModel::scopeLabel(ScopeKind::Transaction, tx)});
            for (const Check &c : st.checks)
                checks << st.name + QLatin1Char('/') + c.name;
        }
        iterations.append({LiveRunModel::scopeKey(ScopeKind::Iteration, sc.name),
                           LiveRunModel::scopeLabel(ScopeKind::Iteration, sc.name)});
    }
    m_model.setRequestNames(names);
    m_model.setScenarioScopes(transactions + iterations, checks);
    updateChecks();
    // A limit relative to the baseline has its threshold only inside the run (its "baseline" event).
    QList<SafetyLimit> fixed;
    for (const SafetyLimit &l : strategy.safetyLimits) {
        if (l.baselineChange.isEmpty())
            fixed << l;
    }
    m_latency->setSafetyLimits(fixed);
    m_throughput->setSafetyLimits(fixed);
    m_resources->setSafetyLimits(fixed);
    if (!strategy.monitoring.host) {
        m_network->setEmptyText(tr("Host monitoring is off in this strategy"));
        if (strategy.monitoring.processes.isEmpty())
            m_resources->setEmptyText(tr("No host or process monitoring in this strategy"));
    }
    updateScopes();
    m_timeSpan = 0;
    m_header->setProgress(0, m_model.plannedS(), QString());
    scheduleRedraw();
}

QList<LatencyStat> LiveDashboard::latencyStats() const
{
    QList<LatencyStat> shown;
    for (LatencyStat stat : allLatencyStats()) {
        if (m_latency->isStatVisible(stat))
            shown << stat;
    }
    return shown;
}

bool LiveDashboard::latencyLogScale() const
{
    return m_log->isChecked();
}

void LiveDashboard::setLatencyView(const QList<LatencyStat> &stats, bool logScale)
{
    const QList<QAction *> actions = m_statsMenu->actions();
    for (int i = 0; i < actions.size(); ++i)
        actions.at(i)->setChecked(stats.contains(allLatencyStats().at(i)));
    m_log->setChecked(logScale);
}

bool LiveDashboard::isLive() const
{
    return !m_finished && !isFinal(m_status);
}

void LiveDashboard::updateScopes()
{
    // Requests (and steps) first, then transactions and iterations, each kept in that block.
    int requests = 1; // "All requests"
    while (requests < m_scope->count() && !m_scope->itemData(requests).toString().startsWith(QChar(0x1f)))
        ++requests;
    for (const QString &name : m_model.requestNames()) {
        if (m_scope->findData(name) < 0)
            m_scope->insertItem(requests++, name, name);
    }
    for (const LiveScope &s : m_model.scopes()) {
        if (m_scope->findData(s.key) < 0)
            m_scope->addItem(s.label, s.key);
    }
}

void LiveDashboard::updateButtons()
{
    const bool live = isLive();
    m_stop->setEnabled(live);
    m_emergency->setEnabled(live);
    m_emergencyShortcut->setEnabled(live);
    m_openReport->setVisible(m_finished && m_runId > 0);
}

void LiveDashboard::syncCrosshair(LiveChart *from, double key)
{
    for (LiveChart *c : charts()) {
        if (c != from)
            c->setCrosshair(key);
    }
}

void LiveDashboard::scheduleRedraw()
{
    if (!m_redrawTimer->isActive())
        m_redrawTimer->start();
}

void LiveDashboard::redrawNow()
{
    if (m_redrawTimer->isActive()) {
        m_redrawTimer->stop();
        redraw();
    }
}

} // namespace lw::ui
