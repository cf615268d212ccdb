#include "runs/reportview.h"
#include "services/openworkspace.h"

#include "live/runlauncher.h"
#include "report/reportexport.h"
#include "report/savedreports.h"
#include "runs/reportcharts.h"
#include "runs/reportsummary.h"
#include "runs/runlistmodel.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QThread>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QString statusColor(const RunRecord &run)
{
    if (run.passed)
        return *run.passed ? QStringLiteral("#1f7a3e") : QStringLiteral("#b42318");
    return isFinal(run.status) ? QStringLiteral("#8a5a00") : QStringLiteral("#175cd3");
}

} // namespace

ReportView::ReportView(Workspace &workspace, report::RunReport report, qint64 savedReportId,
                       std::shared_ptr<report::RangeSlicer> slicer, QWidget *parent)
    : QWidget(parent), m_ws(workspace), m_report(std::move(report)), m_savedId(savedReportId),
      m_prompts(ReportPrompts::interactive()), m_slicer(std::move(slicer))
{
    m_wholeDistribution = m_report.distribution;
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 6);
    layout->setSpacing(6);
    layout->addWidget(buildHeader());

    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("reportPages"));
    m_tabs->setDocumentMode(true);
    m_summary = new QTextBrowser;
    m_summary->setObjectName(QStringLiteral("reportSummary"));
    m_summary->setOpenLinks(false);
    const report::ReportDocument content = reportViewDocument(m_report);
    m_summary->setHtml(reportSummaryHtml(content));
    m_tabs->addTab(m_summary, tr("Summary"));
    m_tabs->addTab(buildLatencyPage(), tr("Latency"));
    m_distribution = new DistributionChart;
    m_distribution->setObjectName(QStringLiteral("distributionChart"));
    m_tabs->addTab(m_distribution, tr("Distribution"));
    m_requests = new QTableWidget;
    m_requests->setObjectName(QStringLiteral("requestTable"));
    fillRequestTable(m_requests, content);
    m_tabs->addTab(m_requests, tr("Requests"));
    if (!m_report.scopes.isEmpty()) { // scenario runs: beside the steps (which are requests)
        auto *scopes = new QTableWidget;
        scopes->setObjectName(QStringLiteral("scopeTable"));
        fillScopeTable(scopes, content);
        m_tabs->addTab(scopes, tr("Transactions"));
        m_tabs->setTabToolTip(
            m_tabs->count() - 1,
            tr("Durations of each transaction and of each scenario's iterations, whole run"));
    }
    m_stages = new QTableWidget;
    m_stages->setObjectName(QStringLiteral("stageTable"));
    fillStageTable(m_stages, content);
    m_tabs->addTab(m_stages, tr("Stages"));
    layout->addWidget(m_tabs, 1);

    for (ReportTimeChart *chart : std::as_const(m_timeCharts)) {
        chart->setReport(m_report);
        connect(chart, &ReportTimeChart::rangeDragged, this,
                [this](double from, double to) { selectTimeRange(from, to); });
    }
    // Stacked: the same second at the same pixel in each chart (a selected range lines up).
    LiveChart::alignTimeAxes({m_timeCharts.cbegin(), m_timeCharts.cend()});
    showRange();
    if (!m_slicer)
        startSlicer();
}

ReportView::~ReportView()
{
    if (m_loader)
        m_loader->wait(); // it posts its result to this object: it must end first
}

QString ReportView::title() const
{
    if (m_savedId > 0)
        return tr("Saved report %1").arg(m_savedId);
    return tr("%1 #%2").arg(m_report.run.strategyName).arg(m_report.run.id);
}

QWidget *ReportView::buildHeader()
{
    const RunRecord &run = m_report.run;
    auto *box = new QWidget;
    auto *grid = new QVBoxLayout(box);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(3);

    auto *top = new QHBoxLayout;
    auto *title = new QLabel(
        QStringLiteral("<span style='font-size:15pt;font-weight:600'>%1</span>"
                       "&nbsp;&nbsp;<span style='color:#6b7280'>revision %2 \u00b7 run #%3%4</span>")
            .arg(run.strategyName.toHtmlEscaped())
            .arg(run.revision)
            .arg(run.id)
            .arg(m_savedId > 0 ? tr(" \u00b7 saved report %1").arg(m_savedId) : QString()));
    title->setObjectName(QStringLiteral("reportTitle"));
    top->addWidget(title);
    top->addStretch(1);
    QString verdict = displayName(run.status);
    if (m_report.verdict)
        verdict = tr("%1 \u00b7 score %2")
                      .arg(m_report.verdict->passed ? tr("PASSED") : tr("FAILED"))
                      .arg(m_report.verdict->score, 0, 'f', 0);
    auto *badge = new QLabel(verdict);
    badge->setObjectName(QStringLiteral("verdictLabel"));
    badge->setStyleSheet(QStringLiteral("QLabel{color:white;background:%1;border-radius:4px;padding:3px 10px;"
                                        "font-weight:600}")
                             .arg(statusColor(run)));
    top->addWidget(badge);
    auto *compare = new QPushButton(tr("Compare with baseline"));
    compare->setObjectName(QStringLiteral("compareButton"));
    compare->setEnabled(m_savedId == 0 || run.id > 0);
    connect(compare, &QPushButton::clicked, this, [this] { emit compareRequested(m_report.run.id); });
    auto *save = new QPushButton(tr("Save report..."));
    save->setObjectName(QStringLiteral("saveReportButton"));
    connect(save, &QPushButton::clicked, this, &ReportView::askSave);
    auto *exportButton = new QPushButton(tr("Export..."));
    exportButton->setObjectName(QStringLiteral("exportButton"));
    connect(exportButton, &QPushButton::clicked, this, &ReportView::askExport);
    for (QPushButton *b : {compare, save, exportButton})
        top->addWidget(b);
    grid->addLayout(top);

    const auto local = [](const QDateTime &t) {
        return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : tr("not yet");
    };
    auto *times = new QLabel(tr("Status: <b style='color:%1'>%2</b> \u00b7 started %3 \u00b7 ended %4 \u00b7 "
                                "duration %5 \u00b7 by %6 \u00b7 hash <code>%7</code>")
                                 .arg(statusColor(run), displayName(run.status), local(run.startedAt),
                                      local(run.endedAt), RunListModel::durationText(run.durationS),
                                      run.user.toHtmlEscaped(), run.contentHash.left(12)));
    times->setObjectName(QStringLiteral("timesLabel"));
    times->setToolTip(run.contentHash);
    grid->addWidget(times);

    auto *rangeRow = new QHBoxLayout;
    m_rangeLabel = new QLabel;
    m_rangeLabel->setObjectName(QStringLiteral("rangeLabel"));
    m_rangeLabel->setStyleSheet(QStringLiteral("font-weight:600"));
    m_headline = new QLabel;
    m_headline->setObjectName(QStringLiteral("headlineLabel"));
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_wholeRun = new QPushButton(tr("Whole run"));
    m_wholeRun->setObjectName(QStringLiteral("wholeRunButton"));
    m_wholeRun->setToolTip(tr("Show the figures of the whole run again"));
    connect(m_wholeRun, &QPushButton::clicked, this, &ReportView::selectWholeRun);
    rangeRow->addWidget(m_rangeLabel);
    rangeRow->addSpacing(12);
    rangeRow->addWidget(m_headline, 1);
    rangeRow->addWidget(m_wholeRun);
    auto *rangeBox = new QFrame;
    rangeBox->setObjectName(QStringLiteral("rangeBox"));
    rangeBox->setStyleSheet(
        QStringLiteral("#rangeBox{background:#eef3fb;border:1px solid #c9d7ee;border-radius:4px}"));
    rangeRow->setContentsMargins(8, 4, 8, 4);
    rangeBox->setLayout(rangeRow);
    grid->addWidget(rangeBox);
    return box;
}

QWidget *ReportView::buildLatencyPage()
{
    auto *split = new QSplitter(Qt::Vertical);
    split->setChildrenCollapsible(false);
    for (auto kind : {ReportTimeChart::Kind::Latency, ReportTimeChart::Kind::Throughput,
                      ReportTimeChart::Kind::Resources}) {
        auto *chart = new ReportTimeChart(kind);
        m_timeCharts << chart;
        split->addWidget(chart);
    }
    for (ReportTimeChart *a : std::as_const(m_timeCharts)) {
        for (ReportTimeChart *b : std::as_const(m_timeCharts)) {
            if (a != b)
                connect(a, &LiveChart::crosshairMoved, b, &LiveChart::setCrosshair);
        }
    }
    split->setSizes({300, 220, 180});
    return split;
}

void ReportView::startSlicer()
{
    if (m_report.run.id <= 0)
        return;
    const QString path = m_ws.path();
    const qint64 runId = m_report.run.id;
    m_loader = QThread::create([this, path, runId] {
        QString error;
        std::shared_ptr<report::RangeSlicer> slicer;
        Workspace::OpenOptions options;
        options.createIfMissing = false;
        if (auto ws = lw::openWorkspace(path, options, &error)) {
            RunStore store(*ws);
            if (auto loaded = report::RangeSlicer::load(store, runId, &error))
                slicer = std::make_shared<report::RangeSlicer>(std::move(*loaded));
        }
        QMetaObject::invokeMethod(
            this,
            [this, slicer, error] {
                if (!slicer || slicer->intervalCount() == 0) {
                    const QString why = slicer ? tr("the run has no stored interval") : error;
                    m_wholeRun->setToolTip(tr("Ranges cannot be selected: %1").arg(why));
                    emit slicerFailed(why);
                    return;
                }
                m_slicer = slicer;
                emit slicerReady();
            },
            Qt::QueuedConnection);
    });
    m_loader->setParent(this); // deleted with the view, after the destructor has waited for it
    m_loader->start();
}

bool ReportView::selectTimeRange(double fromS, double toS)
{
    if (!m_slicer)
        return false;
    if (toS < fromS)
        std::swap(fromS, toS);
    report::IntervalRange range{m_slicer->indexAt(fromS), m_slicer->indexAt(toS)};
    report::applyRange(m_report, *m_slicer, range);
    showRange();
    emit rangeChanged();
    return true;
}

void ReportView::selectWholeRun()
{
    if (m_slicer) {
        report::applyRange(m_report, *m_slicer, report::IntervalRange{});
    }
    showRange();
    emit rangeChanged();
}

QString ReportView::rangeText() const
{
    return m_rangeLabel->text();
}

QString ReportView::headline() const
{
    return m_headline->text();
}

void ReportView::showRange()
{
    const report::RangeFigures &f = m_report.overall;
    const bool whole = m_report.range.isWholeRun();
    if (whole) {
        m_rangeLabel->setText(tr("Range: whole run"));
    } else {
        const QDateTime start = m_report.run.startedAt.toLocalTime();
        const QString fmt = QStringLiteral("HH:mm:ss");
        m_rangeLabel->setText(tr("Range: %1\u2013%2")
                                  .arg(start.addMSecs(qint64(f.fromS * 1000)).toString(fmt),
                                       start.addMSecs(qint64(f.toS * 1000)).toString(fmt)));
    }
    m_rangeLabel->setToolTip(tr("%1 s to %2 s after the start; intervals %3 to %4")
                                 .arg(f.fromS, 0, 'f', 1)
                                 .arg(f.toS, 0, 'f', 1)
                                 .arg(m_report.range.fromIndex)
                                 .arg(m_report.range.toIndex));
    m_headline->setText(headlineText(f));
    m_wholeRun->setEnabled(!whole);
    for (ReportTimeChart *chart : std::as_const(m_timeCharts))
        chart->setSelection(whole ? qQNaN() : f.fromS, whole ? qQNaN() : f.toS);
    QList<DistributionChart::Series> series;
    if (whole) {
        series << DistributionChart::Series{tr("Whole run"), m_report.distribution, QColor(0x2f, 0x6f, 0xde)};
    } else {
        series << DistributionChart::Series{tr("Whole run"), m_wholeDistribution, QColor(0xa0, 0xa7, 0xb4)};
        series << DistributionChart::Series{m_rangeLabel->text(), m_report.distribution,
                                            QColor(0xe0, 0x7b, 0x00)};
    }
    m_distribution->setSeries(series);
}

std::optional<qint64> ReportView::saveReport(const QString &title, QString *error)
{
    const auto id = report::saveReport(m_ws, m_report, title, RunLauncher::defaultUser(), error);
    if (id)
        emit reportSaved(*id);
    return id;
}

bool ReportView::exportTo(report::ExportFormat format, const QString &path, QString *error)
{
    RunStore store(m_ws);
    return report::exportReport(m_report, format, path, &store, error);
}

void ReportView::askSave()
{
    QString suggested =
        tr("%1 r%2 run %3").arg(m_report.run.strategyName).arg(m_report.run.revision).arg(m_report.run.id);
    if (!m_report.range.isWholeRun())
        suggested += QStringLiteral(" (") + m_rangeLabel->text() + QLatin1Char(')');
    const auto title = m_prompts.saveTitle(this, suggested);
    if (!title)
        return;
    QString error;
    if (const auto id = saveReport(*title, &error))
        emit statusMessage(tr("Report saved as \u201c%1\u201d (saved report %2)").arg(*title).arg(*id));
    else
        m_prompts.error(this, tr("Report not saved"), error);
}

void ReportView::askExport()
{
    const QString base = report::exportBaseName(m_report.run.strategyName, m_report.run.id);
    const auto target = m_prompts.exportTarget(this, base);
    if (!target)
        return;
    QString error;
    if (exportTo(target->format, target->path, &error))
        emit statusMessage(tr("Exported %1 to %2").arg(report::toString(target->format), target->path));
    else
        m_prompts.error(this, tr("Export failed"), error);
}

} // namespace lw::ui
