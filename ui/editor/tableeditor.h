#pragma once

// A table of structs with add / remove / duplicate / move, typed cell editors, an empty-state hint
// and validation messages (red cells with tooltips and a message list under the table).

#include "model/strategyjson.h"

#include <QWidget>

class QLabel;
class QTableView;
class QToolButton;

namespace lw::ui {

class ListTableModel;

class TableEditor : public QWidget
{
    Q_OBJECT
public:
    // The model stays owned by its parent; emptyHint says what belongs in the table.
    TableEditor(ListTableModel *model, const QString &emptyHint, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    ListTableModel *model() const { return m_model; }

    void setMovable(bool movable);
    // Tables with a detail panel keep a row selected whenever there is one.
    void setAutoSelectFirst(bool on);
    void setReadOnly(bool readOnly);
    // Shows the issues under listPath ("load.stages") on their cells; returns how many there were.
    int showIssues(const QList<ValidationIssue> &issues, const QString &listPath);
    QString issueText() const; // the message list under the table (tests, accessibility)
    // Selects and focuses the cell of path below listPath ("stages[2].duration" in "stages": row 2,
    // the duration column, or the row's first column when no column shows that field). False when
    // path is not a row of this table.
    bool focusLocation(const QString &path, const QString &listPath);

    int currentRow() const;
    void selectRow(int row);

signals:
    void currentRowChanged(int row);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QToolButton *addButton(const QIcon &icon, const QString &text, const QKeySequence &shortcut);
    int columnFor(const QString &field) const; // -1: no column shows it
    void updateButtons();
    void updateHint();
    void addRow();
    void removeRow();
    void duplicateRow();
    void moveRow(int delta);

    ListTableModel *m_model;
    QTableView *m_view;
    QLabel *m_hint;
    QLabel *m_issues;
    QToolButton *m_add;
    QToolButton *m_remove;
    QToolButton *m_duplicate;
    QToolButton *m_up;
    QToolButton *m_down;
    bool m_readOnly = false;
    bool m_autoSelectFirst = false;
};

} // namespace lw::ui
