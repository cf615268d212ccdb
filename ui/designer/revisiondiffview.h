#pragma once

// Side-by-side comparison of two strategy revisions: a table of changed fields (path, A, B)
// coloured by kind, and two synchronised read-only JSON panes with the changed lines highlighted.

#include "model/strategydiff.h"
#include "storage/workspace.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace lw::ui {

class RevisionDiffView : public QWidget
{
    Q_OBJECT

public:
    explicit RevisionDiffView(QWidget *parent = nullptr);

    // a is the older side. A revision with revision == 0 stands for "nothing" (diff of a first
    // revision against no predecessor).
    void setRevisions(const lw::StrategyRevision &a, const lw::StrategyRevision &b);
    void clear(const QString &message = QString());

    QList<lw::FieldChange> changes() const { return m_changes; }
    QTableWidget *changeTable() const { return m_table; }
    QPlainTextEdit *pane(int side) const { return side == 0 ? m_paneA : m_paneB; } // 0 = A, 1 = B
    QList<int> highlightedLines(int side) const { return side == 0 ? m_linesA : m_linesB; }
    QString summaryText() const;
    QString headerText(int side) const;

    static QColor kindColor(lw::FieldChange::Kind kind, const QPalette &palette);

private:
    void showChange(int row);
    void highlight(QPlainTextEdit *pane, const QList<int> &lines, const QList<QColor> &colors);

    QList<lw::FieldChange> m_changes;
    lw::AnnotatedJson m_jsonA;
    lw::AnnotatedJson m_jsonB;
    QList<int> m_linesA;
    QList<int> m_linesB;
    QList<QColor> m_colorsA;
    QList<QColor> m_colorsB;
    QLabel *m_headerA = nullptr;
    QLabel *m_headerB = nullptr;
    QLabel *m_summary = nullptr;
    QTableWidget *m_table = nullptr;
    QPlainTextEdit *m_paneA = nullptr;
    QPlainTextEdit *m_paneB = nullptr;
    bool m_syncing = false;
};

} // namespace lw::ui
