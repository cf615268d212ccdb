// writePdf(): the report on A4 pages with QPdfWriter and QPainter: the same sections as the HTML
// export, charts drawn by paintChart(), tables that break across pages with their header repeated.
// Everything is laid out in 96 dpi logical pixels on a 300 dpi device.

#include "report/chartpainter.h"
#include "report/exportfile.h"
#include "report/reportdocument.h"
#include "report/reportexport.h"

#include <QFileInfo>
#include <QGuiApplication>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextOption>

#include <algorithm>
#include <numeric>

namespace lw::report {

namespace {

constexpr int kDpi = 300;
constexpr double kScale = kDpi / 96.0;
constexpr double kFooterHeight = 22;
constexpr double kCellPad = 4;

QColor toneColor(Tone tone)
{
    switch (tone) {
    case Tone::Good:
        return QColor(0x1b, 0x5e, 0x20);
    case Tone::Bad:
        return QColor(0xb7, 0x1c, 0x1c);
    case Tone::Warn:
        return QColor(0xe6, 0x51, 0x00);
    case Tone::Muted:
        return QColor(0x78, 0x90, 0x9c);
    case Tone::Normal:
        break;
    }
    return QColor(0x22, 0x22, 0x22);
}

QFont makeFont(int pixelSize, bool bold = false, bool mono = false)
{
    QFont f(mono ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Sans"));
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    return f;
}

class PdfFlow
{
public:
    PdfFlow(QPdfWriter &writer, QPainter &painter, const QString &footer)
        : m_writer(writer), m_p(painter), m_footer(footer)
    {
        const QRect page = writer.pageLayout().paintRectPixels(kDpi);
        m_width = page.width() / kScale;
        m_height = page.height() / kScale;
        m_p.scale(kScale, kScale);
        drawFooter();
    }

    double width() const { return m_width; }

    void space(double h) { m_y += h; }

    void ensure(double h)
    {
        if (m_y + h > m_height - kFooterHeight && m_y > 0)
            newPage();
    }

    double measure(const QString &text, const QFont &font, double width, bool anywhere = true)
    {
        m_p.setFont(font);
        QTextOption option;
        option.setWrapMode(anywhere ? QTextOption::WrapAtWordBoundaryOrAnywhere : QTextOption::WordWrap);
        return m_p.boundingRect(QRectF(0, 0, width, 1e6), text, option).height();
    }

    void drawWrapped(const QRectF &rect, const QString &text, const QFont &font, const QColor &color,
                     Qt::Alignment align = Qt::AlignLeft)
    {
        m_p.setFont(font);
        m_p.setPen(color);
        QTextOption option(align);
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        m_p.drawText(rect, text, option);
    }

    void text(const QString &t, const QFont &font, const QColor &color, double indent = 0)
    {
        const double h = measure(t, font, m_width - indent);
        ensure(h);
        drawWrapped(QRectF(indent, m_y, m_width - indent, h), t, font, color);
        m_y += h + 4;
    }

    void heading(const QString &t, int size)
    {
        ensure(size + 60); // never a heading alone at the bottom of a page
        m_y += 6;
        text(t, makeFont(size, true), QColor(0x26, 0x32, 0x38));
        m_p.setPen(QPen(QColor(0xcf, 0xd8, 0xdc), 1));
        m_p.drawLine(QPointF(0, m_y - 2), QPointF(m_width, m_y - 2));
        m_y += 4;
    }

    void facts(const QList<QPair<QString, QString>> &facts)
    {
        const QFont label = makeFont(10);
        const QFont value = makeFont(10, true);
        const double labelWidth = 190;
        for (const auto &f : facts) {
            const double h = std::max(measure(f.first, label, labelWidth - 8), measure(f.second, value, m_width - labelWidth));
            ensure(h);
            drawWrapped(QRectF(0, m_y, labelWidth - 8, h), f.first, label, QColor(0x66, 0x66, 0x66));
            drawWrapped(QRectF(labelWidth, m_y, m_width - labelWidth, h), f.second, value, QColor(0x22, 0x22, 0x22));
            m_y += h + 2;
        }
        m_y += 4;
    }

    void table(const Block &b)
    {
        if (b.rows.isEmpty()) {
            QFont f = makeFont(10);
            f.setItalic(true);
            text(b.emptyText, f, toneColor(Tone::Muted));
            return;
        }
        const QFont headFont = makeFont(9, true);
        const QFont cellFont = makeFont(9);
        const QList<double> widths = columnWidths(b, headFont, cellFont);
        const auto rowHeight = [&](const QStringList &cells, const QFont &font) {
            double h = 0;
            for (qsizetype i = 0; i < cells.size() && i < widths.size(); ++i)
                h = std::max(h, measure(cells[i], font, widths[i] - 2 * kCellPad));
            return h + 2 * kCellPad;
        };
        const double headHeight = rowHeight(b.headers, headFont);
        const auto drawHeader = [&]() {
            m_p.fillRect(QRectF(0, m_y, m_width, headHeight), QColor(0xec, 0xef, 0xf1));
            double x = 0;
            for (qsizetype i = 0; i < b.headers.size() && i < widths.size(); ++i) {
                drawWrapped(QRectF(x + kCellPad, m_y + kCellPad, widths[i] - 2 * kCellPad, headHeight), b.headers[i],
                            headFont, QColor(0x22, 0x22, 0x22));
                x += widths[i];
            }
            m_y += headHeight;
        };
        ensure(headHeight + 30);
        drawHeader();
        for (qsizetype r = 0; r < b.rows.size(); ++r) {
            const QList<Cell> &row = b.rows[r];
            QStringList texts;
            for (const Cell &c : row)
                texts.append(c.text);
            const double h = rowHeight(texts, cellFont);
            if (m_y + h > m_height - kFooterHeight) {
                newPage();
                drawHeader(); // the header again on every page the table spans
            }
            if (r % 2)
                m_p.fillRect(QRectF(0, m_y, m_width, h), QColor(0xfa, 0xfb, 0xfc));
            double x = 0;
            for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i) {
                QFont f = cellFont;
                f.setBold(row[i].tone == Tone::Good || row[i].tone == Tone::Bad || row[i].tone == Tone::Warn);
                drawWrapped(QRectF(x + kCellPad, m_y + kCellPad, widths[i] - 2 * kCellPad, h), row[i].text, f,
                            toneColor(row[i].tone), row[i].numeric ? Qt::AlignRight : Qt::AlignLeft);
                x += widths[i];
            }
            m_y += h;
            m_p.setPen(QPen(QColor(0xee, 0xee, 0xee), 0.8));
            m_p.drawLine(QPointF(0, m_y), QPointF(m_width, m_y));
        }
        m_y += 10;
    }

    void chart(const ChartSpec &spec)
    {
        const double h = 250;
        ensure(h);
        paintChart(m_p, QRectF(0, m_y, m_width, h), spec);
        m_y += h + 10;
    }

    void code(const QString &caption, const QString &body)
    {
        text(caption, makeFont(10, true), QColor(0x37, 0x47, 0x4f));
        const QFont mono = makeFont(8, false, true);
        for (const QString &line : body.split(QLatin1Char('\n'))) {
            const double h = measure(line.isEmpty() ? QStringLiteral(" ") : line, mono, m_width - 8);
            ensure(h);
            drawWrapped(QRectF(8, m_y, m_width - 8, h), line, mono, QColor(0x33, 0x33, 0x33));
            m_y += h;
        }
        m_y += 8;
    }

    int pages() const { return m_page; }

private:
    double advance(const QString &text, const QFont &font)
    {
        m_p.setFont(font);
        return m_p.boundingRect(QRectF(0, 0, 1e6, 100), Qt::AlignLeft | Qt::AlignTop, text).width();
    }

    // Natural widths (as drawn, from a sample of the rows); extra room goes to the text columns, and a
    // table too wide for the page shrinks its wide columns, whose cells then wrap.
    QList<double> columnWidths(const Block &b, const QFont &headFont, const QFont &cellFont)
    {
        const qsizetype n = b.headers.size();
        QList<double> natural(n, 0);
        QList<bool> numeric(n, true);
        for (qsizetype i = 0; i < n; ++i)
            natural[i] = advance(b.headers[i], headFont);
        for (const QList<Cell> &row : b.rows.mid(0, 200)) {
            for (qsizetype i = 0; i < row.size() && i < n; ++i) {
                natural[i] = std::max(natural[i], advance(row[i].text, cellFont));
                numeric[i] = numeric[i] && row[i].numeric;
            }
        }
        for (double &w : natural)
            w = std::min(w + 2 * kCellPad + 2, m_width * 0.6);
        const double total = std::accumulate(natural.cbegin(), natural.cend(), 0.0);
        if (total <= m_width) {
            double textTotal = 0;
            for (qsizetype i = 0; i < n; ++i)
                textTotal += numeric[i] ? 0 : natural[i];
            for (qsizetype i = 0; i < n; ++i) {
                if (textTotal > 0 && !numeric[i])
                    natural[i] += (m_width - total) * natural[i] / textTotal;
                else if (textTotal <= 0)
                    natural[i] += (m_width - total) / double(n);
            }
            return natural;
        }
        QList<double> minimum(n);
        for (qsizetype i = 0; i < n; ++i)
            minimum[i] = std::min(natural[i], 56.0);
        const double minTotal = std::accumulate(minimum.cbegin(), minimum.cend(), 0.0);
        const double share = minTotal < m_width ? (m_width - minTotal) / (total - minTotal) : 0;
        QList<double> widths(n);
        for (qsizetype i = 0; i < n; ++i)
            widths[i] = minimum[i] + (natural[i] - minimum[i]) * share;
        return widths;
    }

    void newPage()
    {
        m_writer.newPage();
        ++m_page;
        m_y = 0;
        drawFooter();
    }

    void drawFooter()
    {
        const QFont f = makeFont(8);
        m_p.setFont(f);
        m_p.setPen(toneColor(Tone::Muted));
        const QRectF line(0, m_height - kFooterHeight + 8, m_width, kFooterHeight - 8);
        m_p.drawText(line, Qt::AlignLeft | Qt::AlignBottom, m_footer);
        m_p.drawText(line, Qt::AlignRight | Qt::AlignBottom, QStringLiteral("page %1").arg(m_page));
    }

    QPdfWriter &m_writer;
    QPainter &m_p;
    QString m_footer;
    double m_width = 0;
    double m_height = 0;
    double m_y = 0;
    int m_page = 1;
};

void drawBlock(PdfFlow &flow, const Block &b)
{
    switch (b.kind) {
    case Block::Kind::Paragraph:
        flow.text(b.text, makeFont(10, b.tone == Tone::Bad), toneColor(b.tone));
        break;
    case Block::Kind::Banner:
        flow.space(2);
        flow.text(b.text, makeFont(16, true), toneColor(b.tone));
        flow.space(4);
        break;
    case Block::Kind::Facts:
        flow.facts(b.facts);
        break;
    case Block::Kind::Table:
        flow.table(b);
        break;
    case Block::Kind::Chart:
        flow.chart(b.chart);
        break;
    case Block::Kind::List:
        for (const QString &item : b.items)
            flow.text(QStringLiteral("\u2022 ") + item, makeFont(10), toneColor(Tone::Normal), 10);
        flow.space(4);
        break;
    case Block::Kind::Code:
        flow.code(b.text, b.code);
        break;
    }
}

} // namespace

bool writePdf(const RunReport &report, const QString &path, QString *error)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance())) {
        if (error)
            *error = QStringLiteral("PDF export needs a QGuiApplication (the offscreen platform is enough: "
                                    "QT_QPA_PLATFORM=offscreen)");
        return false;
    }
    const ReportDocument doc = buildReportDocument(report);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write '%1': %2; check that the directory exists and is writable")
                         .arg(QFileInfo(path).absoluteFilePath(), file.errorString());
        return false;
    }
    {
        QPdfWriter writer(&file);
        writer.setResolution(kDpi);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(14, 14, 14, 12), QPageLayout::Millimeter);
        writer.setTitle(doc.title);
        writer.setCreator(report.generator);
        QPainter painter;
        if (!painter.begin(&writer)) {
            if (error)
                *error = QStringLiteral("cannot start the PDF '%1'").arg(QFileInfo(path).absoluteFilePath());
            file.cancelWriting();
            return false;
        }
        PdfFlow flow(writer, painter, QStringLiteral("%1 - %2").arg(doc.title, report.generator));
        flow.text(doc.title, makeFont(20, true), QColor(0x26, 0x32, 0x38));
        flow.text(doc.subtitle, makeFont(12), toneColor(Tone::Muted));
        for (const Section &s : doc.sections) {
            flow.heading(s.title, 14);
            for (const Block &b : s.blocks)
                drawBlock(flow, b);
        }
        flow.heading(QStringLiteral("Provenance"), 12);
        flow.facts(doc.footer);
        painter.end();
    }
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("writing '%1' failed: %2 (nothing was written; check the free disk space)")
                         .arg(QFileInfo(path).absoluteFilePath(), file.errorString());
        return false;
    }
    return true;
}

} // namespace lw::report
