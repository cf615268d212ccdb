// The blocks of a report document and the number and time formats both renderers use.

#include "report/reportdocument.h"

namespace lw::report {

Block Block::paragraph(const QString &text, Tone tone)
{
    Block b;
    b.kind = Kind::Paragraph;
    b.text = text;
    b.tone = tone;
    return b;
}

Block Block::banner(const QString &text, Tone tone)
{
    Block b = paragraph(text, tone);
    b.kind = Kind::Banner;
    return b;
}

Block Block::factList(const QList<QPair<QString, QString>> &facts)
{
    Block b;
    b.kind = Kind::Facts;
    b.facts = facts;
    return b;
}

Block Block::table(const QStringList &headers, const QList<QList<Cell>> &rows, const QString &emptyText)
{
    Block b;
    b.kind = Kind::Table;
    b.headers = headers;
    b.rows = rows;
    b.emptyText = emptyText;
    return b;
}

Block Block::chartOf(const ChartSpec &chart)
{
    Block b;
    b.kind = Kind::Chart;
    b.chart = chart;
    return b;
}

Block Block::list(const QStringList &items)
{
    Block b;
    b.kind = Kind::List;
    b.items = items;
    return b;
}

Block Block::codeBlock(const QString &caption, const QString &code)
{
    Block b;
    b.kind = Kind::Code;
    b.text = caption;
    b.code = code;
    return b;
}

QString formatLatencyUs(qint64 us)
{
    const double ms = double(us) / 1000.0;
    const int decimals = ms < 1 ? 3 : ms < 100 ? 2 : 1;
    return QStringLiteral("%1 ms").arg(ms, 0, 'f', decimals);
}

QString formatUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                       : QStringLiteral("-");
}

QString formatPercent(double fraction)
{
    return QStringLiteral("%1 %").arg(fraction * 100.0, 0, 'f', 2);
}

} // namespace lw::report
