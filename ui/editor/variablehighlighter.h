#pragma once

// Marks run-time variables in a text field: every "{{name}}" in blue, and those the validator
// reported at this field (unknown, used before extracted, malformed) with a red wavy underline.

#include <QSet>
#include <QSyntaxHighlighter>

namespace lw::ui {

class VariableHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit VariableHighlighter(QTextDocument *document);

    // Names (as between the braces, spaces removed) to underline; re-highlights when they change.
    void setFlagged(const QSet<QString> &names);
    const QSet<QString> &flagged() const { return m_flagged; }
    // The character ranges currently underlined (start, length), for tests.
    QList<std::pair<int, int>> flaggedRanges() const;

protected:
    void highlightBlock(const QString &text) override;

private:
    QSet<QString> m_flagged;
};

// The variable an issue message is about: "{{token}} is not defined ..." -> "token"; empty if none.
QString referenceOfMessage(const QString &message);

} // namespace lw::ui
