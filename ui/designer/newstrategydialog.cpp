#include "designer/newstrategydialog.h"

#include "designer/loadprofilepreview.h"
#include "model/strategytemplates.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QString number(double v)
{
    return QString::number(v, 'g', 6);
}

QString metricValue(const Metric &m, double v)
{
    switch (m.kind) {
    case MetricKind::LatencyPercentile:
    case MetricKind::LatencyMean:
    case MetricKind::LatencyMax:
        return number(v) + QStringLiteral(" ms");
    case MetricKind::Throughput:
        return number(v) + QStringLiteral(" req/s");
    case MetricKind::ErrorRate:
    case MetricKind::CheckFailureRate:
    case MetricKind::Cpu:
        return number(v) + QStringLiteral(" %");
    case MetricKind::Memory:
        break;
    }
    return number(v) + QStringLiteral(" MiB");
}

QString actionText(SafetyAction a)
{
    switch (a) {
    case SafetyAction::Alert:
        return QObject::tr("alert");
    case SafetyAction::Stop:
        return QObject::tr("stop the run");
    case SafetyAction::EmergencyStop:
        return QObject::tr("emergency stop");
    case SafetyAction::Throttle:
        return QObject::tr("throttle the load");
    case SafetyAction::Rollback:
        break;
    }
    return QObject::tr("run the rollback plan");
}

} // namespace

QIcon NewStrategyDialog::profileIcon(const LoadProfile &profile, const QColor &color,
                                     const QColor &selectedColor)
{
    QIcon icon;
    icon.addPixmap(profilePixmap(profile, color), QIcon::Normal);
    if (selectedColor.isValid())
        icon.addPixmap(profilePixmap(profile, selectedColor), QIcon::Selected);
    return icon;
}

QPixmap NewStrategyDialog::profilePixmap(const LoadProfile &profile, const QColor &color)
{
    const qreal dpr = 2.0;
    const QSize size(40, 28);
    QPixmap pm(size * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    QColor bg = color;
    bg.setAlphaF(0.10f);
    p.setPen(Qt::NoPen);
    p.setBrush(bg);
    p.drawRoundedRect(QRectF(0.5, 0.5, size.width() - 1, size.height() - 1), 5, 5);

    const QList<QPointF> pts = LoadProfilePreview::profilePolyline(profile);
    double maxX = 0;
    double maxY = 0;
    for (const QPointF &pt : pts) {
        maxX = std::max(maxX, pt.x());
        maxY = std::max(maxY, pt.y());
    }
    if (pts.size() >= 2 && maxX > 0 && maxY > 0) {
        const QRectF area(5, 5, size.width() - 10, size.height() - 10);
        QPainterPath line;
        for (int i = 0; i < pts.size(); ++i) {
            const QPointF q(area.left() + pts[i].x() / maxX * area.width(),
                            area.bottom() - pts[i].y() / maxY * area.height());
            if (i == 0)
                line.moveTo(q);
            else
                line.lineTo(q);
        }
        QPainterPath fill = line;
        fill.lineTo(area.right(), area.bottom());
        fill.lineTo(area.left(), area.bottom());
        fill.closeSubpath();
        QColor f = color;
        f.setAlphaF(0.22f);
        p.fillPath(fill, f);
        p.setPen(QPen(color, 1.6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        p.drawPath(line);
    }
    return pm;
}

NewStrategyDialog::NewStrategyDialog(QWidget *parent)
    : QDialog(parent), m_types(new QListWidget(this)), m_heading(new QLabel(this)),
      m_summary(new QLabel(this)), m_preview(new LoadProfilePreview(this)), m_details(new QLabel(this)),
      m_name(new QLineEdit(this)), m_nameHint(new QLabel(this))
{
    setWindowTitle(tr("New strategy"));
    resize(980, 640);

    m_types->setIconSize(QSize(40, 28));
    m_types->setSpacing(2);
    m_types->setUniformItemSizes(true);
    m_types->setMinimumWidth(230);
    m_types->setMaximumWidth(300);
    m_types->setAccessibleName(tr("Test types"));
    const QColor accent = palette().color(QPalette::Highlight);
    for (StrategyType type : allStrategyTypes()) {
        // The selected row is drawn in the accent colour, so its icon uses the highlighted text colour.
        const QIcon icon =
            profileIcon(strategyTemplate(type).load, accent, palette().color(QPalette::HighlightedText));
        auto *item = new QListWidgetItem(icon, displayName(type), m_types);
        item->setData(Qt::UserRole, int(type));
        item->setToolTip(templateSummary(type));
        item->setSizeHint(QSize(0, 36));
    }

    QFont hf = m_heading->font();
    hf.setBold(true);
    hf.setPointSizeF(hf.pointSizeF() * 1.35);
    m_heading->setFont(hf);
    m_summary->setWordWrap(true);
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_preview->setMinimumHeight(230);

    m_name->setPlaceholderText(tr("e.g. checkout-peak-load"));
    m_name->setClearButtonEnabled(true);
    m_name->setAccessibleName(tr("Strategy name"));
    QPalette hp = m_nameHint->palette();
    hp.setColor(QPalette::WindowText, hp.color(QPalette::PlaceholderText));
    m_nameHint->setPalette(hp);
    m_nameHint->setText(tr("Every field can be changed in the editor afterwards."));

    auto *nameForm = new QFormLayout;
    nameForm->addRow(tr("&Name:"), m_name);
    nameForm->addRow(QString(), m_nameHint);

    auto *right = new QVBoxLayout;
    right->setSpacing(8);
    right->addWidget(m_heading);
    right->addWidget(m_summary);
    right->addWidget(m_preview, 1);
    right->addWidget(m_details);
    right->addLayout(nameForm);

    auto *body = new QHBoxLayout;
    body->setSpacing(16);
    body->addWidget(m_types);
    body->addLayout(right, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_create = buttons->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    m_create->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_types, &QListWidget::currentRowChanged, this, &NewStrategyDialog::typeChanged);
    connect(m_name, &QLineEdit::textChanged, this, &NewStrategyDialog::updateCreateButton);
    m_types->setCurrentRow(0);
    m_name->setFocus();
    updateCreateButton();
}

StrategyType NewStrategyDialog::selectedType() const
{
    const QListWidgetItem *item = m_types->currentItem();
    return item ? StrategyType(item->data(Qt::UserRole).toInt()) : StrategyType::Load;
}

void NewStrategyDialog::setSelectedType(StrategyType type)
{
    for (int i = 0; i < m_types->count(); ++i) {
        if (m_types->item(i)->data(Qt::UserRole).toInt() == int(type))
            m_types->setCurrentRow(i);
    }
}

Strategy NewStrategyDialog::strategy() const
{
    Strategy s = strategyTemplate(selectedType());
    s.name = m_name->text().trimmed();
    return s;
}

QString NewStrategyDialog::detailsText() const
{
    return m_details->text();
}

void NewStrategyDialog::updateCreateButton()
{
    m_create->setEnabled(!m_name->text().trimmed().isEmpty());
}

void NewStrategyDialog::typeChanged()
{
    const StrategyType type = selectedType();
    const Strategy t = strategyTemplate(type);
    m_heading->setText(tr("%1 test").arg(displayName(type)));
    m_summary->setText(templateSummary(type));
    m_preview->setProfile(t.load);

    const ApprovalRequirement approval = approvalRequirement(t);
    QString html = QStringLiteral("<table cellspacing='0' cellpadding='2'>");
    auto row = [&html](const QString &label, const QString &value) {
        html += QStringLiteral("<tr><td style='padding-right:14px'><b>%1</b></td><td>%2</td></tr>")
                    .arg(label, value);
    };
    QString approvalText =
        approval.approvals == 0
            ? tr("no approval needed")
            : (approval.approvals == 1 ? tr("1 approval before it runs")
                                       : tr("%1 approvals before it runs").arg(approval.approvals));
    if (approval.adminRequired)
        approvalText += tr(", one by an admin");
    row(tr("Safety level"), displayName(t.safetyLevel) + QStringLiteral(" — ") + approvalText);

    QStringList limits;
    for (const SafetyLimit &l : t.safetyLimits) {
        const QString op =
            l.metric.kind == MetricKind::Throughput ? QStringLiteral("&lt;") : QStringLiteral("&gt;");
        limits << tr("%1 %2 %3 for %4 → %5")
                      .arg(toString(l.metric), op, metricValue(l.metric, l.threshold),
                           l.forDuration.toHtmlEscaped(), actionText(l.action));
    }
    row(tr("Safety limits"), limits.isEmpty() ? tr("none") : limits.join(QStringLiteral("<br>")));

    QStringList criteria;
    for (const SuccessCriterion &c : t.successCriteria) {
        criteria << QStringLiteral("%1 %2 %3%4")
                        .arg(toString(c.metric), toString(c.op).toHtmlEscaped(),
                             metricValue(c.metric, c.threshold), c.required ? tr(" (required)") : QString());
    }
    row(tr("Success criteria"), criteria.isEmpty() ? tr("none") : criteria.join(QStringLiteral("<br>")));

    QStringList extras;
    if (!t.risks.isEmpty())
        extras << (t.risks.size() == 1 ? tr("1 risk") : tr("%1 risks").arg(t.risks.size()));
    if (!t.prerequisites.isEmpty())
        extras << (t.prerequisites.size() == 1 ? tr("1 prerequisite")
                                               : tr("%1 prerequisites").arg(t.prerequisites.size()));
    if (!t.rollback.procedures.isEmpty())
        extras << (t.rollback.procedures.size() == 1
                       ? tr("rollback plan with 1 step")
                       : tr("rollback plan with %1 steps").arg(t.rollback.procedures.size()));
    if (!extras.isEmpty())
        row(tr("Also included"), extras.join(QStringLiteral(", ")));
    html += QStringLiteral("</table>");
    m_details->setText(html);
}

} // namespace lw::ui
