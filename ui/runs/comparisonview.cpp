#include "runs/comparisonview.h"
#include "common/columnfit.h"
#include "services/openworkspace.h"

#include "live/livechart.h"
#include "live/runlauncher.h"
#include "report/savedreports.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>

#include <cmath>

namespace lw::ui {

namespace {

const QColor kBaseColor(0x6b, 0x72, 0x80);
const QColor kCandidateColor(0x2f, 0x6f, 0xde);

// One metric of both runs over time since each run's start.
class OverlayChart : public LiveChart
{
public:
    enum class Metric
    {
        P99,
        Throughput
    };
    explicit OverlayChart(Metric metric) : m_metric(metric)
    {
        yAxis->setLabel(metric == Metric::P99 ? tr("p99 latency (ms)") : tr("Completed req/s"));
        setEmptyText(tr("Pick two runs and press Compare"));
    }
    void refresh(const LiveRunModel &) override {}
    void setRuns(const stats::RunSamples &base, const stats::RunSamples &candidate)
    {
        clearGraphs();
        double end = 1;
        for (const auto &[samples, color, prefix] :
             {std::tuple{&base, kBaseColor, tr("Baseline")},
              std::tuple{&candidate, kCandidateColor, tr("Candidate")}}) {
            QCPGraph *g = makeGraph(QStringLiteral("%1 #%2").arg(prefix).arg(samples->runId), color, yAxis,
                                    samples == &base ? Qt::DashLine : Qt::SolidLine, 1.6);
            g->setProperty("unit", m_metric == Metric::P99 ? QStringLiteral("ms") : tr("req/s"));
            for (const EngineInterval &i : samples->intervals) {
                const double span = std::max(1e-3, i.endS - i.startS);
                const double v =
                    m_metric == Metric::P99 ? double(i.latency.p99) / 1000.0 : double(i.completed) / span;
                if (m_metric == Metric::P99 && i.latency.count == 0)
                    continue;
                g->addData(i.endS, v);
                end = std::max(end, i.endS);
            }
        }
        setEmptyText(QString());
        setTimeRange(0, end);
        rescaleValueAxis(yAxis, 0, false);
        replot(rpQueuedReplot);
    }

private:
    Metric m_metric;
};

QString value(const std::optional<double> &v, const QString &unit)
{
    if (!v)
        return QStringLiteral("\u2014");
    const double a = std::fabs(*v);
    return QStringLiteral("%1 %2").arg(QString::number(*v, 'f', a >= 100 ? 0 : (a >= 10 ? 1 : 2)), unit);
}

QString percent(const std::optional<double> &v)
{
    return v ? QStringLiteral("%1%2 %").arg(*v > 0 ? QStringLiteral("+") : QString()).arg(*v, 0, 'f', 1)
             : QStringLiteral("\u2014");
}

QColor verdictColor(stats::MetricVerdict v)
{
    switch (v) {
    case stats::MetricVerdict::Regression:
        return QColor(0xb4, 0x23, 0x18);
    case stats::MetricVerdict::Improvement:
        return QColor(0x1f, 0x7a, 0x3e);
    case stats::MetricVerdict::NoChange:
        return QColor(0x37, 0x41, 0x51);
    default:
        return QColor(0x8a, 0x5a, 0x00);
    }
}

} // namespace

ComparisonView::ComparisonView(Workspace &workspace, QWidget *parent)
    : QWidget(parent), m_ws(workspace), m_base(new QComboBox), m_candidate(new QComboBox),
      m_threshold(new QDoubleSpinBox), m_compare(new QPushButton(tr("Compare"))),
      m_mark(new QPushButton(tr("Mark candidate as baseline"))), m_summary(new QLabel),
      m_table(new QTableWidget), m_p99Chart(new OverlayChart(OverlayChart::Metric::P99)),
      m_rpsChart(new OverlayChart(OverlayChart::Metric::Throughput))
{
    m_base->setObjectName(QStringLiteral("baseRunCombo"));
    m_candidate->setObjectName(QStringLiteral("candidateRunCombo"));
    m_threshold->setObjectName(QStringLiteral("thresholdSpin"));
    m_compare->setObjectName(QStringLiteral("compareRunsButton"));
    m_mark->setObjectName(QStringLiteral("markBaselineButton"));
    m_table->setObjectName(QStringLiteral("comparisonTable"));
    m_summary->setObjectName(QStringLiteral("comparisonSummary"));
    m_threshold->setRange(0.5, 100);
    m_threshold->setValue(5);
    m_threshold->setSuffix(QStringLiteral(" %"));
    m_threshold->setToolTip(tr("Minimum effect size: smaller significant changes count as no change"));
    for (QComboBox *c : {m_base, m_candidate}) {
        c->setMinimumContentsLength(34);
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    }

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 6);
    auto *pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Baseline:")));
    pick->addWidget(m_base, 1);
    pick->addWidget(new QLabel(tr("Candidate:")));
    pick->addWidget(m_candidate, 1);
    pick->addWidget(new QLabel(tr("Threshold:")));
    pick->addWidget(m_threshold);
    pick->addWidget(m_compare);
    pick->addWidget(m_mark);
    layout->addLayout(pick);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    layout->addWidget(m_summary);

    const QStringList headers = {tr("Metric"),           tr("Baseline"), tr("Candidate"), tr("Change"),
                                 tr("95% CI of change"), tr("p-value"),  tr("Verdict"),   tr("Note")};
    m_table->setColumnCount(int(headers.size()));
    m_table->setHorizontalHeaderLabels(headers);
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_table);
    split->addWidget(m_p99Chart);
    split->addWidget(m_rpsChart);
    split->setSizes({280, 200, 200});
    layout->addWidget(split, 1);

    connect(m_compare, &QPushButton::clicked, this, &ComparisonView::start);
    connect(m_mark, &QPushButton::clicked, this, &ComparisonView::markBaseline);
    reloadRuns();
}

ComparisonView::~ComparisonView()
{
    if (m_worker)
        m_worker->wait(); // it posts its result to this object: it must end first
}

QString ComparisonView::title() const
{
    return tr("Compare #%1 \u2192 #%2").arg(baseRunId()).arg(candidateRunId());
}

void ComparisonView::reloadRuns()
{
    const qint64 base = baseRunId();
    const qint64 candidate = candidateRunId();
    RunStore store(m_ws);
    const QList<RunRecord> runs = store.runs();
    for (QComboBox *c : {m_base, m_candidate}) {
        c->clear();
        for (const RunRecord &r : runs) {
            if (!isFinal(r.status) || r.kind == RunKind::Debug) // debug runs are never compared
                continue;
            c->addItem(tr("#%1 %2 r%3 \u00b7 %4 \u00b7 %5")
                           .arg(r.id)
                           .arg(r.strategyName)
                           .arg(r.revision)
                           .arg((r.startedAt.isValid() ? r.startedAt : r.createdAt)
                                    .toLocalTime()
                                    .toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                displayName(r.status).toLower()),
                       r.id);
        }
    }
    m_base->setCurrentIndex(std::max(0, m_base->findData(base)));
    m_candidate->setCurrentIndex(std::max(0, m_candidate->findData(candidate)));
}

qint64 ComparisonView::baseRunId() const
{
    return m_base->currentData().toLongLong();
}

qint64 ComparisonView::candidateRunId() const
{
    return m_candidate->currentData().toLongLong();
}

void ComparisonView::compare(qint64 baseRunId, qint64 candidateRunId)
{
    m_base->setCurrentIndex(m_base->findData(baseRunId));
    m_candidate->setCurrentIndex(m_candidate->findData(candidateRunId));
    start();
}

void ComparisonView::start()
{
    const qint64 base = baseRunId();
    const qint64 candidate = candidateRunId();
    if (m_worker)
        return;
    if (base <= 0 || candidate <= 0) {
        m_summary->setText(tr("Pick a baseline and a candidate among the finished runs."));
        emit comparisonFailed(m_summary->text());
        return;
    }
    stats::ComparisonOptions options;
    options.thresholdPercent = m_threshold->value();
    m_compare->setEnabled(false);
    m_summary->setText(tr("Reading runs #%1 and #%2...").arg(base).arg(candidate));
    const QString path = m_ws.path();
    m_worker = QThread::create([this, path, base, candidate, options] {
        QString error;
        std::optional<stats::RunSamples> b;
        std::optional<stats::RunSamples> c;
        Workspace::OpenOptions open;
        open.createIfMissing = false;
        if (auto ws = lw::openWorkspace(path, open, &error)) {
            RunStore store(*ws);
            b = stats::loadRunSamples(store, base, &error);
            if (b)
                c = stats::loadRunSamples(store, candidate, &error);
        }
        std::optional<stats::Comparison> result;
        if (b && c)
            result = stats::compareRuns(*b, *c, options);
        QMetaObject::invokeMethod(
            this,
            [this, b, c, result, error] {
                m_worker->wait();
                delete m_worker;
                m_worker = nullptr;
                m_compare->setEnabled(true);
                if (!result) {
                    m_summary->setText(tr("<span style='color:#b42318'>Cannot compare: %1</span>")
                                           .arg(error.toHtmlEscaped()));
                    emit comparisonFailed(error);
                    return;
                }
                show(*b, *c, *result);
                emit comparisonFinished();
            },
            Qt::QueuedConnection);
    });
    m_worker->setParent(this);
    m_worker->start();
}

void ComparisonView::show(const stats::RunSamples &base, const stats::RunSamples &candidate,
                          const stats::Comparison &c)
{
    m_comparison = c;
    m_table->setRowCount(int(c.metrics.size()));
    for (int row = 0; row < c.metrics.size(); ++row) {
        const stats::MetricComparison &m = c.metrics.at(row);
        const QString ci =
            m.ciLowPercent && m.ciHighPercent
                ? QStringLiteral("%1 \u2026 %2").arg(percent(m.ciLowPercent), percent(m.ciHighPercent))
                : QStringLiteral("\u2014");
        const QStringList cells = {m.label,
                                   value(m.base, m.unit),
                                   value(m.candidate, m.unit),
                                   percent(m.deltaPercent),
                                   ci,
                                   m.pValue ? QString::number(*m.pValue, 'g', 3) : QStringLiteral("\u2014"),
                                   stats::displayName(m.verdict),
                                   m.note};
        for (int col = 0; col < cells.size(); ++col) {
            auto *item = new QTableWidgetItem(cells.at(col));
            if (col >= 1 && col <= 5)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (col == 6) {
                item->setForeground(verdictColor(m.verdict));
                QFont f = item->font();
                f.setBold(m.verdict == stats::MetricVerdict::Regression ||
                          m.verdict == stats::MetricVerdict::Improvement);
                item->setFont(f);
            }
            item->setData(Qt::UserRole, m.key);
            m_table->setItem(row, col, item);
        }
    }
    fitColumns(m_table);
    const bool anyVerdict =
        std::any_of(c.metrics.cbegin(), c.metrics.cend(), [](const stats::MetricComparison &m) {
            return m.verdict == stats::MetricVerdict::NoChange ||
                   m.verdict == stats::MetricVerdict::Regression ||
                   m.verdict == stats::MetricVerdict::Improvement;
        });
    QString text = !anyVerdict ? tr("<b style='color:#8a5a00'>No verdict</b>: the runs are too short or too "
                                    "noisy to tell a change of %1 % (see the notes)")
                   : c.hasRegression()
                       ? tr("<b style='color:#b42318'>Significant regression</b> of at least %1 %")
                       : tr("<b style='color:#1f7a3e'>No significant regression</b> of at least %1 %");
    text = text.arg(c.options.thresholdPercent);
    QStringList regressed;
    for (const stats::MetricComparison &m : c.metrics) {
        if (m.verdict == stats::MetricVerdict::Regression)
            regressed << m.label.toHtmlEscaped();
    }
    if (!regressed.isEmpty())
        text += tr(" in %1").arg(regressed.join(QStringLiteral(", ")));
    text = text +
           tr(" \u00b7 baseline #%1 (%2 r%3, %4 intervals) vs candidate #%5 (%6 r%7, %8 intervals) \u00b7 "
              "significance: Mann-Whitney U on blocks of intervals (autocorrelation respected) at \u03b1 = "
              "%9 over "
              "the metrics; CIs: bootstrap")
               .arg(base.runId)
               .arg(base.strategyName.toHtmlEscaped())
               .arg(base.revision)
               .arg(base.intervals.size())
               .arg(candidate.runId)
               .arg(candidate.strategyName.toHtmlEscaped())
               .arg(candidate.revision)
               .arg(candidate.intervals.size())
               .arg(c.options.alpha);
    for (const QString &w : c.warnings)
        text += QStringLiteral("<br><span style='color:#8a5a00'>\u26a0 %1</span>").arg(w.toHtmlEscaped());
    m_summary->setText(text);
    static_cast<OverlayChart *>(m_p99Chart)->setRuns(base, candidate);
    static_cast<OverlayChart *>(m_rpsChart)->setRuns(base, candidate);
}

void ComparisonView::markBaseline()
{
    const qint64 runId = candidateRunId();
    RunStore store(m_ws);
    const auto run = store.run(runId);
    QString error;
    if (!run) {
        m_summary->setText(tr("Run #%1 no longer exists.").arg(runId));
        return;
    }
    if (!report::setBaseline(m_ws, run->strategyId, runId, RunLauncher::defaultUser(), &error)) {
        m_summary->setText(tr("<span style='color:#b42318'>%1</span>").arg(error.toHtmlEscaped()));
        return;
    }
    emit baselineMarked(runId);
    emit statusMessage(tr("Run #%1 is now the baseline of %2").arg(runId).arg(run->strategyName));
}

} // namespace lw::ui
