#include "runs/trendview.h"

#include "report/chartpalette.h"
#include "storage/workspace.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <cmath>

namespace lw::ui {

namespace {

enum Column
{
    RunCol,
    StartedCol,
    RevisionCol,
    StatusCol,
    P50Col,
    P95Col,
    P99Col,
    RpsCol,
    ErrorsCol,
    ScoreCol,
    FlagsCol,
    ColumnCount
};

const QColor kWorse(0xc6, 0x28, 0x28);
const QColor kOutlier(0xe0, 0x8a, 0x00);

int columnOf(const QString &key)
{
    if (key == QLatin1String("p50"))
        return P50Col;
    if (key == QLatin1String("p95"))
        return P95Col;
    if (key == QLatin1String("p99"))
        return P99Col;
    if (key == QLatin1String("rps"))
        return RpsCol;
    if (key == QLatin1String("error_rate"))
        return ErrorsCol;
    return ScoreCol;
}

QString changeText(const report::TrendMetric &m, size_t i)
{
    const stats::TrendJudgement &j = m.judgements[i];
    if (j.reference == 0)
        return QStringLiteral("%1 %2 from 0").arg(m.values[i], 0, 'f', 2).arg(m.unit);
    return QStringLiteral("%1%2 %")
        .arg(j.change >= 0 ? QStringLiteral("+") : QString())
        .arg(j.change * 100, 0, 'f', 1);
}

QString ms(double v)
{
    return QString::number(v, 'f', v < 10 ? 2 : 1);
}

} // namespace

TrendView::TrendView(Workspace &workspace, QWidget *parent) : QWidget(parent), m_ws(workspace)
{
    auto *v = new QVBoxLayout(this);
    v->setContentsMargins(10, 8, 10, 8);
    auto *row = new QHBoxLayout;
    m_strategy = new QComboBox;
    m_strategy->setObjectName(QStringLiteral("trendStrategy"));
    m_strategy->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_limit = new QSpinBox;
    m_limit->setObjectName(QStringLiteral("trendLimit"));
    m_limit->setRange(0, 1000);
    m_limit->setValue(30);
    m_limit->setSpecialValueText(tr("all"));
    m_limit->setToolTip(tr("How many of the newest finished runs to show (0: all)"));
    row->addWidget(new QLabel(tr("Strategy")));
    row->addWidget(m_strategy);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Last")));
    row->addWidget(m_limit);
    row->addWidget(new QLabel(tr("runs")));
    row->addStretch(1);
    v->addLayout(row);

    m_headline = new QLabel;
    m_headline->setObjectName(QStringLiteral("trendHeadline"));
    m_headline->setWordWrap(true);
    m_headline->setTextFormat(Qt::RichText);
    v->addWidget(m_headline);

    m_chart = new QCustomPlot;
    m_chart->setObjectName(QStringLiteral("trendChart"));
    m_chart->setMinimumHeight(180);
    m_table = new QTableWidget;
    m_table->setObjectName(QStringLiteral("trendTable"));
    m_table->setColumnCount(ColumnCount);
    m_table->setHorizontalHeaderLabels({tr("Run"), tr("Started"), tr("Rev"), tr("Status"), tr("p50 ms"),
                                        tr("p95 ms"), tr("p99 ms"), tr("req/s"), tr("Errors %"), tr("Score"),
                                        tr("Flags")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setToolTip(tr("Double-click a run to open its report"));
    connect(m_table, &QTableWidget::cellActivated, this, [this](int r, int) {
        if (QTableWidgetItem *item = m_table->item(r, RunCol))
            emit openReportRequested(item->data(Qt::UserRole).toLongLong());
    });
    auto *split = new QSplitter(Qt::Vertical);
    split->addWidget(m_chart);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    v->addWidget(split, 1);
    auto *legend = new QLabel(tr("A run is judged against the median and spread of the runs before it at the "
                                 "same level (up to %1, at least %2): <span style='color:%3'>\u25b2</span> "
                                 "significantly worse and the level moved with it (a change point), "
                                 "<span style='color:%4'>\u25c6</span> worse once and back after (an "
                                 "outlier). Debug runs and runs stopped early are left out.")
                                  .arg(stats::TrendOptions().window)
                                  .arg(stats::TrendOptions().minHistory)
                                  .arg(kWorse.name(), kOutlier.name()));
    legend->setWordWrap(true);
    legend->setStyleSheet(QStringLiteral("color:#6b7280"));
    v->addWidget(legend);

    fillStrategies();
    connect(m_strategy, &QComboBox::currentIndexChanged, this, &TrendView::reload);
    connect(m_limit, &QSpinBox::valueChanged, this, &TrendView::reload);
}

void TrendView::fillStrategies()
{
    const QSignalBlocker block(m_strategy);
    const QString current = m_strategy->currentText();
    m_strategy->clear();
    QStringList names;
    for (const StrategySummary &s : m_ws.strategies())
        names << s.name;
    names.sort(Qt::CaseInsensitive);
    m_strategy->addItems(names);
    m_strategy->setCurrentIndex(std::max(0, m_strategy->findText(current)));
}

void TrendView::showStrategy(const QString &name)
{
    fillStrategies();
    const int index = m_strategy->findText(name);
    {
        const QSignalBlocker block(m_strategy);
        if (index >= 0)
            m_strategy->setCurrentIndex(index);
    }
    reload();
}

QString TrendView::title() const
{
    return m_trend ? tr("Trend: %1").arg(m_trend->strategyName) : tr("Trend");
}

void TrendView::reload()
{
    QString error;
    m_trend.reset();
    if (m_strategy->currentText().isEmpty()) {
        m_headline->setText(tr("No strategy in this workspace yet."));
    } else if (auto t = report::buildTrend(m_ws, m_strategy->currentText(), m_limit->value(), &error)) {
        m_trend = std::move(*t);
    } else {
        m_headline->setText(tr("<b>The trend cannot be read:</b> %1").arg(error.toHtmlEscaped()));
        emit statusMessage(error);
    }
    showTrend();
    emit titleChanged();
}

void TrendView::showTrend()
{
    if (m_trend) {
        const report::Trend &t = *m_trend;
        const QString leftOut =
            t.leftOut > 0 ? tr(" (%1 stopped early or interrupted, left out)").arg(t.leftOut) : QString();
        if (t.runs.isEmpty()) {
            m_headline->setText(tr("No finished load run of \u201c%1\u201d yet%2. Runs appear here once they "
                                   "finish.")
                                    .arg(t.strategyName.toHtmlEscaped(), leftOut));
        } else {
            const qint64 newest = t.runs.last().runId;
            QStringList worse;
            for (const report::TrendMetric &m : t.metrics) {
                if (!m.runIndex.empty() && m.runIndex.back() == int(t.runs.size()) - 1 &&
                    m.judgements.back().state == stats::TrendState::ChangePoint)
                    worse << QStringLiteral("%1 %2").arg(m.label, changeText(m, m.values.size() - 1));
            }
            const bool judged = !t.metrics.isEmpty() && t.metrics.first().judgements.back().state !=
                                                            stats::TrendState::InsufficientHistory;
            QString text;
            if (!worse.isEmpty())
                text =
                    tr("<b style='color:%1'>Run #%2 is significantly worse than the runs before it:</b> %3.")
                        .arg(kWorse.name())
                        .arg(newest)
                        .arg(worse.join(QStringLiteral(", ")).toHtmlEscaped());
            else if (judged)
                text = tr("<b>Run #%1 is in line with the runs before it.</b>").arg(newest);
            else
                text = tr("<b>Too few runs to judge run #%1:</b> a run is judged against at least %2 runs at "
                          "the same level before it.")
                           .arg(newest)
                           .arg(t.options.minHistory);
            m_headline->setText(text + QStringLiteral(" ") +
                                (t.runs.size() == 1
                                     ? tr("1 finished run%1.").arg(leftOut)
                                     : tr("%1 finished runs%2.").arg(t.runs.size()).arg(leftOut)));
        }
    }
    plot();
    fillTable();
}

void TrendView::plot()
{
    m_chart->clearGraphs();
    m_chart->clearItems();
    const QColor text = palette().color(QPalette::WindowText);
    for (QCPAxis *axis : {m_chart->xAxis, m_chart->yAxis, m_chart->yAxis2}) {
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
    }
    m_chart->setBackground(palette().color(QPalette::Base));
    m_chart->legend->setBrush(palette().color(QPalette::Base));
    m_chart->legend->setTextColor(text);
    if (!m_trend || m_trend->runs.isEmpty()) {
        m_chart->legend->setVisible(false);
        m_chart->replot();
        return;
    }
    const report::Trend &t = *m_trend;
    const int n = int(t.runs.size());
    m_chart->legend->setVisible(true);
    m_chart->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_chart->yAxis->setLabel(tr("latency (ms)"));
    m_chart->yAxis2->setVisible(true);
    m_chart->yAxis2->setLabel(tr("throughput (req/s)"));
    m_chart->xAxis->setLabel(tr("run"));

    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const int every = std::max(1, int(std::ceil(n / 12.0)));
    for (int i = 0; i < n; i += every)
        ticker->addTick(i, QStringLiteral("#%1").arg(t.runs.at(i).runId));
    m_chart->xAxis->setTicker(ticker);
    m_chart->xAxis->setRange(-0.5, n - 0.5);

    QVector<double> worseX, worseY, outlierX, outlierY, worseRpsX, worseRpsY;
    QHash<int, QCPItemText *> latencyLabels, rpsLabels;
    double top = 0, topRps = 0;
    for (const report::TrendMetric &m : t.metrics) {
        const bool latency = m.unit == QLatin1String("ms");
        const bool rps = m.key == QLatin1String("rps");
        if (!latency && !rps)
            continue;
        QVector<double> x, y;
        for (size_t i = 0; i < m.values.size(); ++i) {
            x << m.runIndex[i];
            y << m.values[i];
            (rps ? topRps : top) = std::max(rps ? topRps : top, m.values[i]);
            const stats::TrendState s = m.judgements[i].state;
            if (s == stats::TrendState::ChangePoint) {
                (rps ? worseRpsX : worseX) << m.runIndex[i];
                (rps ? worseRpsY : worseY) << m.values[i];
                // One label per run and axis: the highest latency statistic's (p99 comes last); the
                // table has them all.
                QCPItemText *&label = (rps ? rpsLabels : latencyLabels)[m.runIndex[i]];
                if (!label)
                    label = new QCPItemText(m_chart);
                label->setClipToAxisRect(false);
                label->position->setAxes(m_chart->xAxis, rps ? m_chart->yAxis2 : m_chart->yAxis);
                label->position->setCoords(m.runIndex[i], m.values[i]);
                const Qt::Alignment side = m.runIndex[i] == n - 1 ? Qt::AlignRight
                                           : m.runIndex[i] == 0   ? Qt::AlignLeft
                                                                  : Qt::AlignHCenter;
                label->setPositionAlignment((rps ? Qt::AlignTop : Qt::AlignBottom) | side);
                label->setPadding(rps ? QMargins(0, 6, 0, 0) : QMargins(0, 0, 0, 6));
                label->setColor(kWorse);
                label->setText(QStringLiteral("%1 %2").arg(m.key, changeText(m, i)));
            } else if (s == stats::TrendState::Outlier) {
                outlierX << m.runIndex[i];
                outlierY << m.values[i];
            }
        }
        QCPGraph *g = m_chart->addGraph(m_chart->xAxis, rps ? m_chart->yAxis2 : m_chart->yAxis);
        g->setName(rps ? tr("throughput") : m.key);
        const QColor color = rps ? QColor(0x80, 0x80, 0x80) : QColor(report::latencyStatColor(m.key));
        g->setPen(QPen(color, 1.8, rps ? Qt::DashLine : Qt::SolidLine));
        g->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, color, palette().color(QPalette::Base), 6));
        g->setData(x, y, true);
    }
    auto marks = [&](const QVector<double> &x, const QVector<double> &y, QCPAxis *axis, const QString &name,
                     QCPScatterStyle::ScatterShape shape, const QColor &color) {
        if (x.isEmpty())
            return;
        QCPGraph *g = m_chart->addGraph(m_chart->xAxis, axis);
        g->setName(name);
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(shape, color, color, 11));
        g->setData(x, y, true);
    };
    marks(worseX, worseY, m_chart->yAxis, tr("change point"), QCPScatterStyle::ssTriangle, kWorse);
    marks(worseRpsX, worseRpsY, m_chart->yAxis2, tr("change point (throughput)"),
          QCPScatterStyle::ssTriangleInverted, kWorse);
    marks(outlierX, outlierY, m_chart->yAxis, tr("outlier"), QCPScatterStyle::ssDiamond, kOutlier);
    m_chart->yAxis->setRange(0, std::max(1.0, top * 1.6)); // room for the legend above the lines
    m_chart->yAxis2->setRange(0, std::max(1.0, topRps * 1.6));

    for (int i = 0; i < n; ++i) {
        if (!t.runs.at(i).baseline)
            continue;
        auto *line = new QCPItemStraightLine(m_chart);
        line->point1->setCoords(i, 0);
        line->point2->setCoords(i, 1);
        line->setPen(QPen(text, 1, Qt::DashLine));
        auto *label = new QCPItemText(m_chart);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(i, 0);
        label->setPositionAlignment(Qt::AlignTop | Qt::AlignLeft);
        label->setPadding(QMargins(4, 2, 0, 0));
        label->setColor(text);
        label->setText(tr("baseline"));
    }
    m_chart->replot();
}

void TrendView::fillTable()
{
    m_table->setRowCount(0);
    if (!m_trend)
        return;
    const report::Trend &t = *m_trend;
    m_table->setRowCount(int(t.runs.size()));
    QList<QStringList> flags(t.runs.size());
    for (int i = 0; i < t.runs.size(); ++i) {
        const report::TrendRun &r = t.runs.at(i);
        const QStringList cells = {tr("#%1").arg(r.runId),
                                   r.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                   QString::number(r.revision),
                                   toString(r.status),
                                   ms(r.p50Ms),
                                   ms(r.p95Ms),
                                   ms(r.p99Ms),
                                   QString::number(r.rps, 'f', 1),
                                   QString::number(r.errorRate * 100, 'f', 2),
                                   r.score ? QString::number(*r.score, 'f', 0) : QStringLiteral("-"),
                                   QString()};
        // Newest first, as in the run list.
        const int row = int(t.runs.size()) - 1 - i;
        for (int c = 0; c < ColumnCount; ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            if (c != StartedCol && c != StatusCol && c != FlagsCol)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setData(Qt::UserRole, r.runId);
            m_table->setItem(row, c, item);
        }
        if (r.baseline)
            flags[i] << tr("baseline");
    }
    for (const report::TrendMetric &m : t.metrics) {
        for (size_t i = 0; i < m.values.size(); ++i) {
            const stats::TrendJudgement &j = m.judgements[i];
            const int run = m.runIndex[i];
            QTableWidgetItem *item = m_table->item(int(t.runs.size()) - 1 - run, columnOf(m.key));
            if (j.state == stats::TrendState::ChangePoint) {
                flags[run] << tr("%1 worse (%2)").arg(m.key, changeText(m, i));
                item->setForeground(kWorse);
                item->setToolTip(
                    tr("%1 is significantly worse than the median of the %2 runs before it (%3 %4); "
                       "the runs after it stay there")
                        .arg(m.label)
                        .arg(j.history)
                        .arg(j.reference, 0, 'f', 2)
                        .arg(m.unit));
                QFont bold = item->font();
                bold.setBold(true);
                item->setFont(bold);
            } else if (j.state == stats::TrendState::Outlier) {
                flags[run] << tr("%1 outlier").arg(m.key);
                item->setForeground(kOutlier);
            } else if (j.state == stats::TrendState::Better) {
                flags[run] << tr("%1 better").arg(m.key);
            }
        }
    }
    for (int i = 0; i < t.runs.size(); ++i)
        m_table->item(int(t.runs.size()) - 1 - i, FlagsCol)->setText(flags.at(i).join(QStringLiteral(", ")));
    m_table->resizeColumnsToContents();
}

} // namespace lw::ui
