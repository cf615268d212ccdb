#include "editor/variablehighlighter.h"

#include <QRegularExpression>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

namespace lw::ui {

namespace {
const QRegularExpression &referencePattern()
{
    static const QRegularExpression re(QStringLiteral("(?<!\\\\)\\{\\{([^}]*)\\}\\}"));
    return re;
}
QString normalized(QString name)
{
    name.remove(QLatin1Char(' '));
    return name;
}
} // namespace

VariableHighlighter::VariableHighlighter(QTextDocument *document) : QSyntaxHighlighter(document) {}

void VariableHighlighter::setFlagged(const QSet<QString> &names)
{
    if (names == m_flagged)
        return;
    m_flagged = names;
    rehighlight();
}

void VariableHighlighter::highlightBlock(const QString &text)
{
    QTextCharFormat known;
    known.setForeground(QColor(0x1a, 0x5f, 0xb4));
    QTextCharFormat bad;
    bad.setForeground(QColor(0xb4, 0x23, 0x18));
    bad.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    bad.setUnderlineColor(QColor(0xd9, 0x30, 0x25));
    for (auto it = referencePattern().globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const bool flagged = m_flagged.contains(normalized(m.captured(1)));
        setFormat(int(m.capturedStart()), int(m.capturedLength()), flagged ? bad : known);
    }
}

QList<std::pair<int, int>> VariableHighlighter::flaggedRanges() const
{
    QList<std::pair<int, int>> out;
    if (!document())
        return out;
    for (QTextBlock b = document()->begin(); b.isValid(); b = b.next()) {
        for (const QTextLayout::FormatRange &r : b.layout()->formats()) {
            if (r.format.underlineStyle() == QTextCharFormat::WaveUnderline)
                out.append({b.position() + r.start, r.length});
        }
    }
    return out;
}

QString referenceOfMessage(const QString &message)
{
    const QRegularExpressionMatch m = referencePattern().match(message);
    if (!m.hasMatch() || m.capturedStart() != 0)
        return {};
    return normalized(m.captured(1));
}

} // namespace lw::ui
