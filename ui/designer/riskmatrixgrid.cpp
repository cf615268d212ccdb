#include "designer/riskmatrixgrid.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace lw::ui {

namespace {

constexpr int kSize = 5;
constexpr int kGap = 3;

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QColor textOn(const QColor &fill)
{
    // Relative luminance decides between dark and light text (WCAG-style contrast).
    const double l = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF();
    return l > 0.55 ? QColor(0x1f, 0x23, 0x28) : Qt::white;
}

bool inRange(int v)
{
    return v >= 1 && v <= kSize;
}

} // namespace

RiskMatrixGrid::RiskMatrixGrid(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Risk matrix"));
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void RiskMatrixGrid::setRisks(const QList<Risk> &risks)
{
    m_risks = risks;
    update();
}

int RiskMatrixGrid::riskCount(int probability, int impact) const
{
    return int(std::count_if(m_risks.cbegin(), m_risks.cend(), [&](const Risk &r) {
        return r.probability == probability && r.impact == impact;
    }));
}

QStringList RiskMatrixGrid::riskIds(int probability, int impact) const
{
    QStringList ids;
    for (const Risk &r : m_risks) {
        if (r.probability == probability && r.impact == impact)
            ids << r.id;
    }
    return ids;
}

QColor RiskMatrixGrid::severityColor(RiskSeverity severity)
{
    switch (severity) {
    case RiskSeverity::Low:
        return QColor(0x4d, 0xa8, 0x6a);
    case RiskSeverity::Medium:
        return QColor(0xf0, 0xc0, 0x4a);
    case RiskSeverity::High:
        return QColor(0xec, 0x86, 0x3a);
    case RiskSeverity::Critical:
        break;
    }
    return QColor(0xd6, 0x45, 0x45);
}

QString RiskMatrixGrid::probabilityLabel(int probability)
{
    static const char *const labels[] = {"Rare", "Unlikely", "Possible", "Likely", "Almost certain"};
    return inRange(probability) ? tr(labels[probability - 1]) : QString();
}

QString RiskMatrixGrid::impactLabel(int impact)
{
    static const char *const labels[] = {"Negligible", "Minor", "Moderate", "Major", "Severe"};
    return inRange(impact) ? tr(labels[impact - 1]) : QString();
}

QColor RiskMatrixGrid::cellColor(int probability, int impact) const
{
    const QColor strong = severityColor(riskSeverity(probability, impact));
    if (riskCount(probability, impact) > 0)
        return strong;
    return mix(palette().color(QPalette::Base), strong, 0.22);
}

QSize RiskMatrixGrid::sizeHint() const
{
    return {520, 430};
}

QSize RiskMatrixGrid::minimumSizeHint() const
{
    return {340, 300};
}

bool RiskMatrixGrid::staggeredImpactLabels(int side) const
{
    const QFontMetrics fm(font());
    for (int i = 1; i <= kSize; ++i) {
        if (fm.horizontalAdvance(impactLabel(i)) > side + 6)
            return true;
    }
    return false;
}

namespace {
struct Band
{
    RiskSeverity severity;
    const char *range;
};
const Band kBands[] = {{RiskSeverity::Low, "1-4"},
                       {RiskSeverity::Medium, "5-9"},
                       {RiskSeverity::High, "10-16"},
                       {RiskSeverity::Critical, "20-25"}};
constexpr int kSwatch = 12 + 5; // swatch and its gap to the text
constexpr int kBandGap = 16;

QFont smallFontOf(const QFont &base)
{
    QFont f = base;
    f.setPointSizeF(std::max(6.5, base.pointSizeF() * 0.8));
    return f;
}

int bandsWidth(const QStringList &texts, const QFontMetrics &fm, int from, int to)
{
    int w = 0;
    for (int k = from; k < to; ++k)
        w += kSwatch + fm.horizontalAdvance(texts[k]) + (k + 1 < to ? kBandGap : 0);
    return w;
}
} // namespace

QStringList RiskMatrixGrid::legendTexts() const
{
    QStringList texts;
    for (const Band &b : kBands)
        texts << displayName(b.severity) + QLatin1Char(' ') + QString::fromLatin1(b.range);
    return texts;
}

bool RiskMatrixGrid::legendInTwoRows() const
{
    return bandsWidth(legendTexts(), QFontMetrics(smallFontOf(font())), 0, 4) > width() - 8;
}

QRect RiskMatrixGrid::matrixRect() const
{
    const QFontMetrics fm(font());
    int labelWidth = 0;
    for (int p = 1; p <= kSize; ++p)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(probabilityLabel(p)));
    const int left = fm.height() + 8 + labelWidth + 10 + fm.horizontalAdvance(QLatin1Char('5')) + 8;
    const int legend = QFontMetrics(smallFontOf(font())).height() * (legendInTwoRows() ? 2 : 1) + 4;
    const int top = 8;
    const int right = 12;
    // Below the matrix: column numbers, impact names (one or two lines), the title and the legend.
    const auto sideFor = [&](int labelLines) {
        const int bottom = (1 + labelLines) * fm.height() + 6 + fm.height() + 8 + legend + 10;
        return std::max(20, std::min((width() - left - right) / kSize, (height() - top - bottom) / kSize));
    };
    int side = sideFor(1);
    if (staggeredImpactLabels(side))
        side = sideFor(2);
    const int extra = std::max(0, width() - left - right - side * kSize) / 2;
    return QRect(left + extra, top, side * kSize, side * kSize);
}

QRect RiskMatrixGrid::cellRect(int probability, int impact) const
{
    if (!inRange(probability) || !inRange(impact))
        return {};
    const QRect m = matrixRect();
    const int side = m.width() / kSize;
    return QRect(m.left() + (impact - 1) * side, m.top() + (kSize - probability) * side, side, side);
}

QPoint RiskMatrixGrid::cellAt(const QPoint &pos) const
{
    for (int p = 1; p <= kSize; ++p) {
        for (int i = 1; i <= kSize; ++i) {
            if (cellRect(p, i).contains(pos))
                return {p, i};
        }
    }
    return {};
}

void RiskMatrixGrid::setSelectedCell(int probability, int impact)
{
    const QPoint cell = inRange(probability) && inRange(impact) ? QPoint(probability, impact) : QPoint();
    if (cell == m_selected)
        return;
    m_selected = cell;
    if (!cell.isNull())
        m_focus = cell;
    update();
    emit cellSelected(cell.x(), cell.y());
}

void RiskMatrixGrid::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    const QColor muted = mix(pal.color(QPalette::Window), text, 0.55);
    const QFontMetrics fm(font());
    const QRect m = matrixRect();
    const int side = m.width() / kSize;

    QFont countFont = font();
    countFont.setBold(true);
    countFont.setPointSizeF(std::max(9.0, std::min(side / 3.2, font().pointSizeF() * 2.0)));
    const QFont smallFont = smallFontOf(font());

    for (int prob = 1; prob <= kSize; ++prob) {
        for (int imp = 1; imp <= kSize; ++imp) {
            const QRectF r =
                QRectF(cellRect(prob, imp)).adjusted(kGap / 2.0, kGap / 2.0, -kGap / 2.0, -kGap / 2.0);
            const QColor fill = cellColor(prob, imp);
            const int count = riskCount(prob, imp);
            QPainterPath path;
            path.addRoundedRect(r, 4, 4);
            p.fillPath(path, fill);
            const QPoint cell(prob, imp);
            if (cell == m_hover && cell != m_selected) {
                p.setPen(QPen(mix(fill, text, 0.45), 1.5));
                p.drawPath(path);
            }
            if (cell == m_selected) {
                p.setPen(QPen(pal.color(QPalette::Highlight), 3));
                p.drawRoundedRect(r.adjusted(1.5, 1.5, -1.5, -1.5), 3, 3);
            } else if (hasFocus() && cell == m_focus) {
                p.setPen(QPen(text, 1, Qt::DashLine));
                p.drawRoundedRect(r.adjusted(3, 3, -3, -3), 3, 3);
            }
            // Score in the corner, the number of risks in the middle.
            p.setFont(smallFont);
            p.setPen(count ? textOn(fill) : mix(fill, text, 0.45));
            p.drawText(r.adjusted(5, 3, -5, -3), Qt::AlignTop | Qt::AlignLeft, QString::number(prob * imp));
            if (count > 0) {
                p.setFont(countFont);
                p.setPen(textOn(fill));
                p.drawText(r, Qt::AlignCenter, QString::number(count));
            }
        }
    }

    // Probability axis: labels right-aligned beside each row, title rotated on the far left.
    p.setFont(font());
    for (int prob = 1; prob <= kSize; ++prob) {
        const QRect row = cellRect(prob, 1);
        const int numWidth = fm.horizontalAdvance(QLatin1Char('5'));
        p.setPen(muted);
        p.drawText(QRect(m.left() - 6 - numWidth, row.top(), numWidth, row.height()), Qt::AlignCenter,
                   QString::number(prob));
        p.setPen(text);
        p.drawText(QRect(0, row.top(), m.left() - 6 - numWidth - 8, row.height()),
                   Qt::AlignRight | Qt::AlignVCenter, probabilityLabel(prob));
    }
    QFont titleFont = font();
    titleFont.setBold(true);
    p.setFont(titleFont);
    p.setPen(text);
    p.save();
    p.translate(fm.height() / 2.0 + 2, m.center().y());
    p.rotate(-90);
    p.drawText(QRect(-m.height() / 2, -fm.height() / 2, m.height(), fm.height()), Qt::AlignCenter,
               tr("Probability"));
    p.restore();

    // Impact axis: number and name under each column (names alternate between two lines when
    // the columns are narrow), then the title.
    int y = m.bottom() + 6;
    const bool staggered = staggeredImpactLabels(side);
    p.setFont(font());
    for (int imp = 1; imp <= kSize; ++imp) {
        const QRect col = cellRect(1, imp);
        p.setPen(muted);
        p.drawText(QRect(col.left(), y, col.width(), fm.height()), Qt::AlignCenter, QString::number(imp));
        p.setPen(text);
        const int room = staggered ? 2 * col.width() : col.width() + 8;
        const int line = staggered && imp % 2 == 0 ? 2 : 1;
        p.drawText(QRect(col.center().x() - room / 2, y + line * fm.height(), room, fm.height()),
                   Qt::AlignCenter, fm.elidedText(impactLabel(imp), Qt::ElideRight, room));
    }
    y += (staggered ? 3 : 2) * fm.height() + 6;
    p.setFont(titleFont);
    p.drawText(QRect(m.left(), y, m.width(), fm.height()), Qt::AlignCenter, tr("Impact"));

    // Legend: severity bands by score, centred under the matrix but never past the widget's edges;
    // two rows of two on a narrow widget.
    y += fm.height() + 10;
    const QFont smallLegend = smallFontOf(font());
    p.setFont(smallLegend);
    const QFontMetrics sfm(smallLegend);
    const QStringList texts = legendTexts();
    const bool twoRows = legendInTwoRows();
    for (int row = 0; row < (twoRows ? 2 : 1); ++row) {
        const int from = twoRows ? row * 2 : 0;
        const int to = twoRows ? from + 2 : 4;
        const int w = bandsWidth(texts, sfm, from, to);
        int x = std::clamp(m.center().x() - w / 2, 4, std::max(4, width() - 4 - w));
        for (int k = from; k < to; ++k) {
            const QRectF swatch(x, y + (sfm.height() - 10) / 2.0, 12, 10);
            p.setPen(Qt::NoPen);
            p.setBrush(severityColor(kBands[k].severity));
            p.drawRoundedRect(swatch, 2, 2);
            p.setPen(muted);
            p.drawText(QPoint(x + kSwatch, y + sfm.ascent()), texts[k]);
            x += kSwatch + sfm.horizontalAdvance(texts[k]) + kBandGap;
        }
        y += sfm.height();
    }
}

void RiskMatrixGrid::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const QPoint cell = cellAt(event->position().toPoint());
    if (cell.isNull())
        setSelectedCell(0, 0);
    else if (cell == m_selected)
        setSelectedCell(0, 0); // a second click on the selected cell shows every risk again
    else
        setSelectedCell(cell.x(), cell.y());
}

void RiskMatrixGrid::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint cell = cellAt(event->position().toPoint());
    if (cell != m_hover) {
        m_hover = cell;
        setCursor(cell.isNull() ? Qt::ArrowCursor : Qt::PointingHandCursor);
        update();
    }
}

void RiskMatrixGrid::leaveEvent(QEvent *)
{
    m_hover = {};
    update();
}

void RiskMatrixGrid::keyPressEvent(QKeyEvent *event)
{
    QPoint f = m_focus;
    switch (event->key()) {
    case Qt::Key_Up:
        f.rx() = std::min(kSize, f.x() + 1);
        break;
    case Qt::Key_Down:
        f.rx() = std::max(1, f.x() - 1);
        break;
    case Qt::Key_Right:
        f.ry() = std::min(kSize, f.y() + 1);
        break;
    case Qt::Key_Left:
        f.ry() = std::max(1, f.y() - 1);
        break;
    case Qt::Key_Space:
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_focus == m_selected)
            setSelectedCell(0, 0);
        else
            setSelectedCell(m_focus.x(), m_focus.y());
        return;
    case Qt::Key_Escape:
        if (!m_selected.isNull()) {
            setSelectedCell(0, 0);
            return;
        }
        return QWidget::keyPressEvent(event);
    default:
        return QWidget::keyPressEvent(event);
    }
    m_focus = f;
    // Arrow keys move the selection when one exists, so the list follows the cursor.
    if (!m_selected.isNull())
        setSelectedCell(f.x(), f.y());
    update();
}

QString RiskMatrixGrid::cellToolTip(int probability, int impact) const
{
    const int score = probability * impact;
    QString tip = QStringLiteral("<b>%1 &times; %2</b> &mdash; score %3, %4")
                      .arg(probabilityLabel(probability), impactLabel(impact), QString::number(score),
                           displayName(riskSeverity(probability, impact)).toLower());
    QStringList lines;
    for (const Risk &r : m_risks) {
        if (r.probability == probability && r.impact == impact)
            lines << QStringLiteral("%1 &nbsp;%2").arg(r.id.toHtmlEscaped(), r.name.toHtmlEscaped());
    }
    if (lines.isEmpty())
        tip += QStringLiteral("<br><i>%1</i>").arg(tr("No risks"));
    else
        tip += QStringLiteral("<br>") + lines.join(QStringLiteral("<br>"));
    return tip;
}

bool RiskMatrixGrid::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QPoint cell = cellAt(help->pos());
        if (cell.isNull())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), cellToolTip(cell.x(), cell.y()), this,
                               cellRect(cell.x(), cell.y()));
        return true;
    }
    return QWidget::event(event);
}

} // namespace lw::ui
