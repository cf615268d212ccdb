#include "live/runheader.h"

#include "common/elidedlabel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QVBoxLayout>

#include <cmath>

namespace lw::ui {

namespace {

QString clock(double s)
{
    const qint64 t = qint64(std::llround(std::max(0.0, s)));
    if (t >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(t / 3600)
            .arg((t / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(t % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(t / 60).arg(t % 60, 2, 10, QLatin1Char('0'));
}

QString number(double v, int decimals)
{
    return QLocale().toString(v, 'f', decimals);
}

} // namespace

QColor statusColor(RunStatus status)
{
    switch (status) {
    case RunStatus::Pending:
    case RunStatus::Cancelled:
        return QColor(0x6b, 0x72, 0x80);
    case RunStatus::Checking:
        return QColor(0x2f, 0x6f, 0xde);
    case RunStatus::Running:
        return QColor(0x12, 0x8a, 0x5a);
    case RunStatus::Passed:
        return QColor(0x1f, 0x7a, 0x3e);
    case RunStatus::Failed:
        return QColor(0xc6, 0x2f, 0x3b);
    case RunStatus::StoppedBySafety:
        return QColor(0xd9, 0x48, 0x0f);
    case RunStatus::Interrupted:
        return QColor(0x8e, 0x2c, 0x8a);
    }
    return Qt::gray;
}

RunHeader::RunHeader(QWidget *parent)
    : QFrame(parent), m_name(new QLabel), m_revision(new QLabel), m_status(new QLabel), m_runId(new QLabel),
      m_detail(new ElidedLabel(nullptr, Qt::ElideRight)), m_buttons(new QHBoxLayout),
      m_progress(new QProgressBar), m_time(new QLabel), m_outcome(new QFrame), m_outcomeText(new QLabel)
{
    setObjectName(QStringLiteral("runHeader"));
    QFont big = font();
    big.setPointSizeF(font().pointSizeF() * 1.3);
    big.setBold(true);
    m_name->setFont(big);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_revision->setObjectName(QStringLiteral("revisionLabel"));
    m_revision->setStyleSheet(QStringLiteral("color: #5b6472;"));
    m_status->setObjectName(QStringLiteral("statusPill"));
    m_runId->setObjectName(QStringLiteral("runIdLabel"));
    m_runId->setStyleSheet(QStringLiteral("color: #5b6472;"));
    m_runId->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setObjectName(QStringLiteral("statusDetail"));
    m_detail->setStyleSheet(QStringLiteral("color: #4a5260;"));
    m_detail->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto *title = new QHBoxLayout;
    title->setSpacing(10);
    title->addWidget(m_name);
    title->addWidget(m_revision);
    title->addWidget(m_status);
    title->addWidget(m_runId);
    title->addSpacing(6);
    title->addWidget(m_detail, 1);
    m_buttons->setSpacing(8);
    title->addLayout(m_buttons);

    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->setFixedHeight(20);
    m_progress->setFormat(tr("Not started"));
    m_progress->setStyleSheet(QStringLiteral(
        "QProgressBar { border: 1px solid #cfd5de; border-radius: 4px; background: #eef1f5; color: #1f2630;"
        " text-align: center; }"
        "QProgressBar::chunk { border-radius: 3px; background: #9cc0f5; }"));
    m_time->setObjectName(QStringLiteral("timeLabel"));
    m_time->setMinimumWidth(170);
    m_time->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *progress = new QHBoxLayout;
    progress->setSpacing(10);
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_time);

    auto *figures = new QHBoxLayout;
    figures->setSpacing(6);
    const QList<std::pair<QString, QString>> defs = {{QStringLiteral("throughput"), tr("Throughput")},
                                                     {QStringLiteral("p99"), tr("P99 latency")},
                                                     {QStringLiteral("errors"), tr("Error rate")},
                                                     {QStringLiteral("requests"), tr("Responses")},
                                                     {QStringLiteral("vus"), tr("Users / connections")}};
    for (const auto &[key, caption] : defs) {
        auto *tile = new QFrame;
        tile->setObjectName(QStringLiteral("figureTile"));
        tile->setStyleSheet(QStringLiteral(
            "#figureTile { background: palette(base); border: 1px solid #dde2ea; border-radius: 6px; }"));
        auto *v = new QHBoxLayout(tile);
        v->setContentsMargins(10, 4, 10, 4);
        v->setSpacing(8);
        auto *cap = new QLabel(caption);
        cap->setObjectName(key + QStringLiteral("Caption"));
        cap->setProperty("caption", caption);
        m_captions.append({key, cap});
        cap->setStyleSheet(QStringLiteral("color: #6b7280; font-size: 8pt;"));
        auto *value = new QLabel(QStringLiteral("\u2013"));
        value->setObjectName(key + QStringLiteral("Figure"));
        QFont vf = font();
        vf.setBold(true);
        value->setFont(vf);
        value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        v->addWidget(cap);
        v->addStretch(1);
        v->addWidget(value);
        figures->addWidget(tile, 1);
        m_figures.append({key, value});
    }

    m_outcome->setObjectName(QStringLiteral("outcomeFrame"));
    m_outcome->setVisible(false);
    auto *ol = new QVBoxLayout(m_outcome);
    ol->setContentsMargins(12, 5, 12, 5);
    m_outcomeText->setWordWrap(true);
    m_outcomeText->setTextFormat(Qt::RichText);
    m_outcomeText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    ol->addWidget(m_outcomeText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addLayout(title);
    layout->addLayout(progress);
    layout->addLayout(figures);
    layout->addWidget(m_outcome);
    setStatus(RunStatus::Pending, tr("Waiting for the run to start"));
}

void RunHeader::setStrategy(const QString &name, int revision)
{
    m_name->setText(name);
    m_revision->setText(revision > 0 ? tr("revision %1").arg(revision) : tr("latest revision"));
}

void RunHeader::setRunId(qint64 runId)
{
    m_runId->setText(runId > 0 ? tr("Run #%1").arg(runId) : QString());
}

void RunHeader::setStatus(RunStatus status, const QString &detail)
{
    const QColor c = statusColor(status);
    m_status->setText(displayName(status));
    m_status->setProperty("status", toString(status));
    m_status->setStyleSheet(
        QStringLiteral("#statusPill { color: white; background: %1; border-radius: 9px; padding: 2px 10px;"
                       " font-weight: bold; }")
            .arg(c.name()));
    static_cast<ElidedLabel *>(m_detail)->setFullText(detail);
}

void RunHeader::setProgress(double elapsedS, double plannedS, const QString &stageText)
{
    const double share = plannedS > 0 ? std::clamp(elapsedS / plannedS, 0.0, 1.0) : 0.0;
    m_progress->setValue(int(std::lround(share * 1000)));
    m_progress->setFormat(stageText.isEmpty()
                              ? QStringLiteral("%1 %").arg(int(share * 100))
                              : QStringLiteral("%1  \u00b7  %2 %").arg(stageText).arg(int(share * 100)));
    m_time->setText(plannedS > 0
                        ? tr("%1 elapsed \u00b7 %2 left").arg(clock(elapsedS), clock(plannedS - elapsedS))
                        : tr("%1 elapsed").arg(clock(elapsedS)));
}

QLabel *RunHeader::figureLabel(const QString &key) const
{
    for (const auto &[k, label] : m_figures) {
        if (k == key)
            return label;
    }
    return nullptr;
}

QLabel *RunHeader::figureCaption(const QString &key) const
{
    for (const auto &[k, label] : m_captions) {
        if (k == key)
            return label;
    }
    return nullptr;
}

void RunHeader::setFigures(const Figures &f)
{
    const QString dash = QStringLiteral("\u2013");
    const auto caption = [this](const QString &key, const QString &window) {
        QLabel *cap = figureCaption(key);
        const QString base = cap->property("caption").toString();
        cap->setText(window.isEmpty() ? base : QStringLiteral("%1 \u00b7 %2").arg(base, window));
    };
    caption(QStringLiteral("throughput"), f.recentWindow);
    caption(QStringLiteral("p99"), f.recentWindow);
    caption(QStringLiteral("errors"), tr("whole run"));
    figureLabel(QStringLiteral("throughput"))
        ->setText(f.throughput < 0 ? dash
                                   : tr("%1 req/s").arg(number(f.throughput, f.throughput < 100 ? 1 : 0)));
    figureLabel(QStringLiteral("p99"))
        ->setText(f.p99Ms < 0 ? dash
                              : tr("%1 ms").arg(number(f.p99Ms, f.p99Ms < 10 ? 2 : (f.p99Ms < 100 ? 1 : 0))));
    QLabel *err = figureLabel(QStringLiteral("errors"));
    err->setText(f.errorPct < 0 ? dash : QStringLiteral("%1 %").arg(number(f.errorPct, 2)));
    err->setStyleSheet(f.errorPct > 0 ? QStringLiteral("color: #c62f3b;") : QString());
    figureLabel(QStringLiteral("requests"))
        ->setText(
            tr("%1 \u00b7 %2 errors").arg(QLocale().toString(f.requests), QLocale().toString(f.errors)));
    figureLabel(QStringLiteral("vus"))->setText(f.vus < 0 ? dash : QLocale().toString(f.vus));
}

void RunHeader::showOutcome(const RunOutcome &o)
{
    const QColor c = statusColor(o.status);
    m_outcome->setStyleSheet(
        QStringLiteral("#outcomeFrame { background: rgba(%1,%2,%3,0.07); border: 1px solid %4;"
                       " border-left: 5px solid %4; border-radius: 4px; }")
            .arg(c.red())
            .arg(c.green())
            .arg(c.blue())
            .arg(c.name()));
    QString html =
        QStringLiteral("<b style='color:%1'>%2</b>").arg(c.name(), displayName(o.status).toHtmlEscaped());
    if (!o.reason.isEmpty())
        html += QStringLiteral(" \u2014 ") + o.reason.toHtmlEscaped();
    QStringList facts;
    if (o.verdict)
        facts << tr("verdict score <b>%1</b> / 100").arg(number(o.verdict->score, 0));
    if (o.summary) {
        facts << tr("%1 responses, %2 errors")
                     .arg(QLocale().toString(o.summary->requests), QLocale().toString(o.summary->errors));
        facts << tr("%1 req/s").arg(number(o.summary->rps, 1));
        if (o.summary->latency.count > 0)
            facts << tr("p99 %1 ms").arg(number(double(o.summary->latency.p99) / 1000.0, 1));
    }
    facts << (o.intervals == 1 ? tr("1 interval stored") : tr("%1 intervals stored").arg(o.intervals));
    html = QStringLiteral("%1 &nbsp; <span style='color:#4a5260'>%2</span>")
               .arg(html, facts.join(QStringLiteral(" \u00b7 ")));
    QStringList violations;
    if (o.verdict) {
        for (const QString &v : o.verdict->violations)
            violations << v.toHtmlEscaped();
    }
    if (!violations.isEmpty())
        html += QStringLiteral("<br><b>%1</b> %2")
                    .arg(tr("Violations:"), violations.join(QStringLiteral(" \u00b7 ")));
    if (o.verdict && !o.verdict->recommendations.isEmpty())
        html += QStringLiteral("<br><span style='color:#4a5260'>%1</span>")
                    .arg(tr("Next: %1")
                             .arg(o.verdict->recommendations.join(QStringLiteral("; ")).toHtmlEscaped()));
    m_outcomeText->setText(html);
    m_outcome->setVisible(true);
    setStatus(o.status, o.reason);
}

} // namespace lw::ui
