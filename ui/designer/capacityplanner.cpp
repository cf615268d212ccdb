#include "designer/capacityplanner.h"

#include <QDoubleSpinBox>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace lw::ui {

namespace {

QString num(double v, int decimals = -1)
{
    if (decimals < 0)
        decimals = std::fabs(v) < 10 && std::fabs(v - std::round(v)) > 1e-9 ? 1 : 0;
    return QLocale().toString(v, 'f', decimals);
}

QLabel *mutedLabel(const QString &text, QWidget *parent)
{
    auto *l = new QLabel(text, parent);
    QPalette p = l->palette();
    p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
    l->setPalette(p);
    l->setWordWrap(true);
    return l;
}

// A small card: caption, big value, one line of detail.
QFrame *card(QWidget *parent, QLabel **title, QLabel **value, QLabel **detail)
{
    auto *frame = new QFrame(parent);
    frame->setObjectName(QStringLiteral("plannerCard"));
    frame->setStyleSheet(
        QStringLiteral("#plannerCard { background: palette(base); border: 1px solid palette(mid);"
                       " border-radius: 6px; }"));
    auto *v = new QVBoxLayout(frame);
    v->setContentsMargins(10, 8, 10, 8);
    v->setSpacing(2);
    *title = mutedLabel(QString(), frame);
    *value = new QLabel(frame);
    QFont big = (*value)->font();
    big.setPointSizeF(big.pointSizeF() * 1.7);
    big.setBold(true);
    (*value)->setFont(big);
    *detail = mutedLabel(QString(), frame);
    v->addWidget(*title);
    v->addWidget(*value);
    v->addWidget(*detail);
    v->addStretch(1);
    return frame;
}

} // namespace

CapacityPlanner::CapacityPlanner(QWidget *parent)
    : QWidget(parent), m_loadLabel(new QLabel(this)), m_load(new QDoubleSpinBox(this)),
      m_usePeak(new QToolButton(this)), m_latency(new QDoubleSpinBox(this)),
      m_thinkLabel(new QLabel(tr("Think time"), this)), m_think(new QDoubleSpinBox(this)),
      m_warning(new QLabel(this))
{
    auto *title = new QLabel(tr("Capacity planner"), this);
    QFont tf = title->font();
    tf.setBold(true);
    tf.setPointSizeF(tf.pointSizeF() * 1.1);
    title->setFont(tf);

    m_load->setRange(0, 10'000'000);
    m_load->setDecimals(1);
    m_load->setAccessibleName(tr("Load"));
    m_usePeak->setText(tr("Peak"));
    m_usePeak->setToolTip(tr("Use the profile's peak"));
    m_latency->setRange(0, 3'600'000);
    m_latency->setDecimals(1);
    m_latency->setSuffix(tr(" ms"));
    m_latency->setValue(100);
    m_latency->setAccessibleName(tr("Expected latency"));
    m_latency->setToolTip(tr("Mean response time you expect from the system under test at this load"));
    m_think->setRange(0, 3'600'000);
    m_think->setDecimals(0);
    m_think->setSuffix(tr(" ms"));
    m_think->setAccessibleName(tr("Think time"));
    for (QDoubleSpinBox *box : {m_load, m_latency, m_think}) {
        box->setKeyboardTracking(false);
        box->setAlignment(Qt::AlignRight);
        box->setMinimumWidth(120);
    }

    auto *form = new QGridLayout;
    form->setHorizontalSpacing(8);
    form->setVerticalSpacing(6);
    form->addWidget(m_loadLabel, 0, 0);
    form->addWidget(m_load, 0, 1);
    form->addWidget(m_usePeak, 0, 2);
    form->addWidget(new QLabel(tr("Expected latency"), this), 1, 0);
    form->addWidget(m_latency, 1, 1);
    form->addWidget(m_thinkLabel, 2, 0);
    form->addWidget(m_think, 2, 1);
    form->setColumnStretch(3, 1);

    QLabel *connTitle = nullptr;
    auto *cards = new QHBoxLayout;
    cards->setSpacing(10);
    cards->addWidget(card(this, &connTitle, &m_connections, &m_connectionsDetail), 1);
    cards->addWidget(card(this, &m_throughputTitle, &m_throughput, &m_throughputDetail), 1);
    connTitle->setText(tr("Connections needed"));

    m_warning->setWordWrap(true);
    m_warning->setTextFormat(Qt::PlainText);
    m_formula = mutedLabel(QString(), this);
    m_formula->setTextFormat(Qt::RichText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(10);
    layout->addWidget(title);
    layout->addLayout(form);
    layout->addLayout(cards);
    layout->addWidget(m_warning);
    layout->addWidget(m_formula);
    layout->addStretch(1);

    for (QDoubleSpinBox *box : {m_load, m_latency, m_think})
        connect(box, &QDoubleSpinBox::valueChanged, this, &CapacityPlanner::recompute);
    connect(m_usePeak, &QToolButton::clicked, this, [this] { m_load->setValue(peakTarget(m_profile)); });
    setProfile(LoadProfile());
}

void CapacityPlanner::setProfile(const LoadProfile &profile)
{
    m_profile = profile;
    const bool open = profile.model == LoadModel::Open;
    m_loadLabel->setText(open ? tr("Arrival rate") : tr("Virtual users"));
    m_load->setSuffix(open ? tr(" req/s") : tr(" VUs"));
    m_load->setDecimals(open ? 1 : 0);
    m_thinkLabel->setEnabled(!open);
    m_think->setEnabled(!open);
    m_think->setToolTip(open ? tr("An open model sends on schedule: think time does not apply")
                             : tr("Pause of each virtual user between two requests"));
    const QSignalBlocker b1(m_load);
    const QSignalBlocker b2(m_think);
    const double peak = peakTarget(profile);
    if (peak != m_lastPeak) {
        m_load->setValue(peak);
        m_lastPeak = peak;
    }
    if (open)
        m_think->setValue(0);
    else if (const std::optional<qint64> ms = parseDurationMs(profile.thinkTime))
        m_think->setValue(double(*ms));
    recompute();
}

QString CapacityPlanner::warningText() const
{
    return m_warning->isHidden() ? QString() : m_warning->text();
}

QString CapacityPlanner::connectionsText() const
{
    return m_connections->text();
}

QString CapacityPlanner::throughputText() const
{
    return m_throughput->text();
}

void CapacityPlanner::recompute()
{
    const bool open = m_profile.model == LoadModel::Open;
    m_assessment = assessCapacity(m_profile, m_load->value(), m_latency->value(), m_think->value());
    const CapacityAssessment &a = m_assessment;

    m_connections->setText(QString::number(a.connectionsNeeded));
    if (open) {
        m_connectionsDetail->setText(tr("mean %1 in flight · %2 with %3% headroom · profile allows %4")
                                         .arg(num(a.meanConcurrency, 1),
                                              QString::number(a.connectionsRecommended),
                                              QString::number(std::lround((kCapacityHeadroom - 1) * 100)),
                                              QString::number(a.maxConnections)));
        m_throughputTitle->setText(tr("Reachable rate"));
        m_throughput->setText(tr("%1 req/s").arg(num(a.throughput)));
        const double budget = latencyBudgetMs(a.maxConnections, a.load);
        m_throughputDetail->setText(
            a.latencyMs > 0
                ? tr("%1 connections carry %2 req/s at %3 ms; %4 req/s holds while latency stays under %5 ms")
                      .arg(QString::number(a.maxConnections), num(a.maxRateWithConnections), num(a.latencyMs),
                           num(a.load), num(budget))
                : tr("Enter the expected latency to see what the connections can carry"));
        m_formula->setText(tr("Little's law: connections = arrival rate × latency = %1 req/s × %2 s = %3")
                               .arg(num(a.load), num(a.latencyMs / 1000.0, 3), num(a.meanConcurrency, 1)));
    } else {
        m_connectionsDetail->setText(
            tr("one per virtual user · profile allows %1").arg(QString::number(a.maxConnections)));
        m_throughputTitle->setText(tr("Throughput the VUs reach"));
        m_throughput->setText(tr("%1 req/s").arg(num(a.throughput)));
        const double iteration = a.latencyMs + a.thinkMs;
        m_throughputDetail->setText(iteration > 0
                                        ? tr("each VU sends one request every %1 ms").arg(num(iteration))
                                        : tr("Enter latency or think time to see the throughput"));
        m_formula->setText(
            tr("Little's law: throughput = users ÷ (latency + think time) = %1 ÷ (%2 s + %3 s)")
                .arg(num(a.load), num(a.latencyMs / 1000.0, 3), num(a.thinkMs / 1000.0, 3)));
    }

    m_warning->setText(a.warning);
    m_warning->setVisible(!a.warning.isEmpty());
    const bool severe = a.connectionsInsufficient;
    m_warning->setStyleSheet(
        severe ? QStringLiteral("QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid "
                                "#f1aeb5; border-radius: 5px; padding: 7px; }")
               : QStringLiteral("QLabel { background: #fff6e0; color: #7a4d00; border: 1px solid "
                                "#f3cf7a; border-radius: 5px; padding: 7px; }"));
    m_connections->setStyleSheet(severe ? QStringLiteral("color: #b42318;") : QString());
}

} // namespace lw::ui
