#pragma once

// The steps of one scenario as a tree: consecutive steps that share a transaction name hang under
// a transaction row, other steps are top-level rows. Steps can be dragged (into a transaction to
// join it, between top-level rows to leave it) and ticked on and off (enabled). The model holds a
// copy of the steps; every change the user asks for is emitted as the new list, never applied here,
// so the strategy document (and its undo stack) stays the one owner of the content.

#include "model/scenario.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QList>

namespace lw::ui {

class StepTreeModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        RequestColumn,
        ColumnCount
    };
    enum Role
    {
        StepIndexRole = Qt::UserRole + 1, // index into the steps, -1 for a transaction row
        HasIssueRole,
    };
    static constexpr const char *kMimeType = "application/x-loadwright-step";

    explicit StepTreeModel(QObject *parent = nullptr);

    const QList<Step> &steps() const { return m_steps; }
    // Replaces the content; keeps rows (and the selection) when the tree's shape is unchanged.
    void setSteps(const QList<Step> &steps);
    // Steps with validation issues (shown in red with the message as tool tip).
    void setIssues(const QHash<int, QStringList> &byStep);

    QModelIndex indexOfStep(int step, int column = 0) const;
    int stepAt(const QModelIndex &index) const; // -1 for transaction rows and invalid indexes

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;

    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    // Performs nothing itself: emits stepsEdited with the step moved (returns false so the view
    // removes no rows; the document's refresh brings the new order).
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

    // The steps with step `from` moved to position `to` (indexes of the result), keeping its transaction.
    static QList<Step> moved(QList<Step> steps, int from, int to);

signals:
    // The user asked for this list (tick, drop); description names the edit for the undo stack.
    void stepsEdited(const QList<Step> &steps, const QString &description, int selectStep);

private:
    struct Block
    {
        int first = 0; // step index
        int count = 1;
        bool transaction = false; // a transaction row with count children
    };
    static QList<Block> blocksOf(const QList<Step> &steps);
    int blockOfStep(int step, int *childRow) const;

    QList<Step> m_steps;
    QList<Block> m_blocks;
    QHash<int, QStringList> m_issues;
};

} // namespace lw::ui
