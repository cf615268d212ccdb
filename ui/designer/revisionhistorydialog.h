#pragma once

// Revision history of one strategy: every saved revision (number, date, author, comment, hash);
// one selected revision is compared with its predecessor, two with each other.

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace lw {
class Workspace;
}

namespace lw::ui {

class RevisionDiffView;

class RevisionHistoryDialog : public QDialog
{
    Q_OBJECT

public:
    RevisionHistoryDialog(lw::Workspace &ws, qint64 strategyId, QWidget *parent = nullptr);

    QTreeWidget *revisionList() const { return m_list; }
    RevisionDiffView *diffView() const { return m_diff; }
    QPushButton *openButton() const { return m_open; }
    // Selects the given revisions (one or two) in the list, as a user would.
    void selectRevisions(const QList<int> &revisions);
    // Selected revision numbers, oldest first.
    QList<int> selectedRevisions() const;

signals:
    void openRevisionRequested(qint64 strategyId, int revision);

private:
    void reload();
    void selectionChanged();

    lw::Workspace &m_ws;
    qint64 m_strategyId = 0;
    QLabel *m_title = nullptr;
    QTreeWidget *m_list = nullptr;
    RevisionDiffView *m_diff = nullptr;
    QPushButton *m_open = nullptr;
};

} // namespace lw::ui
