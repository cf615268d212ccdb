#include "runs/runsarea.h"

#include "common/emptyhint.h"
#include "report/savedreports.h"
#include "runs/runlistmodel.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

const QDate kAnyDate(2000, 1, 1); // the date edits' minimum, shown as "any"

} // namespace

RunsArea::RunsArea(Workspace &workspace, QWidget *parent)
    : QWidget(parent), m_ws(workspace), m_prompts(ReportPrompts::interactive()),
      m_model(new RunListModel(this)), m_proxy(new RunFilterProxy(this))
{
    m_proxy->setSourceModel(m_model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("runsTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->addTab(buildBrowser(), tr("All runs"));
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr); // the list stays
    m_tabs->tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (index == 0)
            return;
        QWidget *w = m_tabs->widget(index);
        m_tabs->removeTab(index);
        w->deleteLater();
    });
    layout->addWidget(m_tabs);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &RunsArea::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &RunsArea::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &RunsArea::updateCount);
    m_poll = new QTimer(this);
    m_poll->setInterval(2000);
    connect(m_poll, &QTimer::timeout, this, &RunsArea::reload);
    reload();
}

RunsArea::~RunsArea() = default;

void RunsArea::setRefreshIntervalMs(int ms)
{
    m_poll->setInterval(ms);
}

QWidget *RunsArea::buildFilters()
{
    auto *row = new QWidget;
    auto *h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("runSearch"));
    m_search->setPlaceholderText(tr("Search strategy, user, status, run number, variables..."));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &RunFilterProxy::setSearchText);
    m_strategy = new QComboBox;
    m_strategy->setObjectName(QStringLiteral("strategyFilter"));
    m_strategy->addItem(tr("All strategies"), QString());
    m_strategy->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_strategy, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setStrategy(m_strategy->currentData().toString()); });
    m_status = new QComboBox;
    m_status->setObjectName(QStringLiteral("statusFilter"));
    using G = RunFilterProxy::StatusGroup;
    const QList<std::pair<QString, G>> groups = {{tr("Any status"), G::All},
                                                 {tr("Live"), G::Live},
                                                 {tr("Passed"), G::Passed},
                                                 {tr("Failed or stopped by safety"), G::Failed},
                                                 {tr("Cancelled or interrupted"), G::Other}};
    for (const auto &[text, group] : groups)
        m_status->addItem(text, int(group));
    connect(m_status, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setStatusGroup(G(m_status->currentData().toInt())); });
    for (QDateEdit **edit : {&m_from, &m_to}) {
        *edit = new QDateEdit;
        (*edit)->setCalendarPopup(true);
        (*edit)->setMinimumDate(kAnyDate);
        (*edit)->setSpecialValueText(tr("any"));
        (*edit)->setDate(kAnyDate);
        (*edit)->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        connect(*edit, &QDateEdit::dateChanged, this, &RunsArea::applyDateFilter);
    }
    m_from->setObjectName(QStringLiteral("fromDate"));
    m_to->setObjectName(QStringLiteral("toDate"));
    auto *compare = new QPushButton(tr("Compare..."));
    compare->setObjectName(QStringLiteral("compareRunsButton"));
    compare->setToolTip(tr("Compare two runs: per-metric changes with confidence intervals"));
    connect(compare, &QPushButton::clicked, this, [this] { openComparison(0, currentRunId()); });
    h->addWidget(m_search, 2);
    h->addWidget(m_strategy);
    h->addWidget(m_status);
    h->addWidget(new QLabel(tr("From")));
    h->addWidget(m_from);
    h->addWidget(new QLabel(tr("to")));
    h->addWidget(m_to);
    auto *trend = new QPushButton(tr("Trend..."));
    trend->setObjectName(QStringLiteral("trendButton"));
    trend->setToolTip(tr("A strategy's runs over time, with the runs that got significantly worse"));
    connect(trend, &QPushButton::clicked, this, [this] { openTrend(); });
    h->addWidget(compare);
    h->addWidget(trend);
    return row;
}

QWidget *RunsArea::buildBrowser()
{
    auto *page = new QWidget;
    auto *v = new QVBoxLayout(page);
    v->setContentsMargins(10, 8, 10, 8);
    v->addWidget(buildFilters());

    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("runTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunListModel::Started, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(RunListModel::Strategy, QHeaderView::Stretch);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QTableView::customContextMenuRequested, this, &RunsArea::showContextMenu);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        openReport(index.data(RunListModel::RunIdRole).toLongLong());
    });

    m_empty = new QLabel(tr("<h3>No runs yet</h3><p>Runs appear here as soon as they start: run a strategy "
                            "from the Strategies area (Strategy \u25b8 Run...), or from a terminal with<br>"
                            "<code>loadwright run STRATEGY --workspace %1</code>.</p><p>Each run keeps its "
                            "report: open it here any time, without the engine or the target.</p>")
                             .arg(m_ws.path().toHtmlEscaped()));
    m_empty->setObjectName(QStringLiteral("runsEmptyLabel"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_listStack = new QStackedWidget;
    m_listStack->addWidget(m_table);
    m_listStack->addWidget(m_empty);

    auto *savedBox = new QWidget;
    auto *sv = new QVBoxLayout(savedBox);
    sv->setContentsMargins(0, 4, 0, 0);
    auto *savedTitle =
        new QLabel(tr("<b>Saved reports</b> \u2014 kept exactly as generated; double-click to open"));
    sv->addWidget(savedTitle);
    m_saved = new QTableWidget;
    m_saved->setObjectName(QStringLiteral("savedReportsTable"));
    EmptyHint::install(m_saved,
                       tr("No saved reports. Open a run's report and press <b>Save report...</b> to keep "
                          "it here exactly as it is (a range, a baseline comparison)."));
    m_saved->setColumnCount(5);
    m_saved->setHorizontalHeaderLabels({tr("Title"), tr("Run"), tr("Range"), tr("Saved"), tr("By")});
    m_saved->verticalHeader()->setVisible(false);
    m_saved->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_saved->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_saved->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    connect(m_saved, &QTableWidget::cellActivated, this, [this](int row, int) {
        openSavedReport(m_saved->item(row, 0)->data(Qt::UserRole).toLongLong());
    });
    sv->addWidget(m_saved);

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_listStack);
    split->addWidget(savedBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    v->addWidget(split, 1);
    m_countLabel = new QLabel;
    m_countLabel->setObjectName(QStringLiteral("runCountLabel"));
    m_countLabel->setStyleSheet(QStringLiteral("color:#6b7280"));
    v->addWidget(m_countLabel);
    return page;
}

void RunsArea::reload()
{
    RunStore store(m_ws);
    StoreError error;
    const QList<RunRecord> runs = store.runs(&error);
    if (error.isError()) {
        m_countLabel->setText(tr("Cannot read the runs: %1").arg(error.message));
        return;
    }
    QSet<qint64> baselines;
    QSet<qint64> strategies;
    for (const RunRecord &r : runs)
        strategies.insert(r.strategyId);
    for (qint64 id : std::as_const(strategies)) {
        if (const auto base = report::baselineRun(m_ws, id))
            baselines.insert(*base);
    }
    m_model->setRuns(runs, baselines);
    m_listStack->setCurrentWidget(runs.isEmpty() ? static_cast<QWidget *>(m_empty) : m_table);
    updateStrategyFilter();
    m_liveCount =
        int(std::count_if(runs.cbegin(), runs.cend(), [](const RunRecord &r) { return !isFinal(r.status); }));
    updateCount();
    if (!m_columnsSized && !runs.isEmpty()) {
        // Once, from the first rows: every figure readable, the strategy name takes the rest.
        m_columnsSized = true;
        QHeaderView *header = m_table->horizontalHeader();
        header->setSectionResizeMode(QHeaderView::Interactive);
        m_table->resizeColumnsToContents();
        for (int c = 0; c < RunListModel::ColumnCount; ++c)
            header->resizeSection(c, header->sectionSize(c) + 16);
        header->setSectionResizeMode(RunListModel::Strategy, QHeaderView::Stretch);
    }
    reloadSavedReports();
}

void RunsArea::updateCount()
{
    m_countLabel->setText(tr("%1 of %2 runs shown%3")
                              .arg(m_proxy->rowCount())
                              .arg(m_model->rowCount())
                              .arg(m_liveCount > 0 ? tr(" \u00b7 %1 live, refreshing every %2 s")
                                                         .arg(m_liveCount)
                                                         .arg(m_poll->interval() / 1000.0)
                                                   : QString()));
}

void RunsArea::reloadSavedReports()
{
    QString error;
    const QList<report::SavedReportInfo> saved = report::savedReports(m_ws, &error);
    const int current = m_saved->currentRow();
    m_saved->setRowCount(int(saved.size()));
    for (int i = 0; i < saved.size(); ++i) {
        const report::SavedReportInfo &s = saved.at(i);
        const QString range = s.range.isWholeRun()
                                  ? tr("whole run")
                                  : tr("intervals %1\u2013%2").arg(s.range.fromIndex).arg(s.range.toIndex);
        const QStringList cells = {s.title, s.runId ? tr("#%1").arg(*s.runId) : tr("deleted"), range,
                                   s.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                   s.createdBy};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            item->setData(Qt::UserRole, s.id);
            m_saved->setItem(i, c, item);
        }
    }
    if (current >= 0 && current < m_saved->rowCount())
        m_saved->setCurrentCell(current, 0);
}

void RunsArea::updateStrategyFilter()
{
    QStringList names;
    for (const RunRecord &r : m_model->runs()) {
        if (!names.contains(r.strategyName))
            names << r.strategyName;
    }
    names.sort(Qt::CaseInsensitive);
    QStringList shown;
    for (int i = 1; i < m_strategy->count(); ++i)
        shown << m_strategy->itemData(i).toString();
    if (shown == names)
        return;
    const QString current = m_strategy->currentData().toString();
    const QSignalBlocker block(m_strategy);
    while (m_strategy->count() > 1)
        m_strategy->removeItem(1);
    for (const QString &n : names)
        m_strategy->addItem(n, n);
    m_strategy->setCurrentIndex(std::max(0, m_strategy->findData(current)));
}

void RunsArea::applyDateFilter()
{
    const QDate from = m_from->date() == kAnyDate ? QDate() : m_from->date();
    const QDate to = m_to->date() == kAnyDate ? QDate() : m_to->date();
    m_proxy->setDateRange(from, to);
}

qint64 RunsArea::currentRunId() const
{
    const QModelIndex index = m_table->currentIndex();
    return index.isValid() ? index.data(RunListModel::RunIdRole).toLongLong() : 0;
}

void RunsArea::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    reload();
    m_poll->start();
}

void RunsArea::hideEvent(QHideEvent *event)
{
    m_poll->stop();
    QWidget::hideEvent(event);
}

} // namespace lw::ui
