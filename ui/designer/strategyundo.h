#pragma once

// Undo for the strategy editor: every edit is a snapshot of the whole strategy (before/after).
// Strategies are small value types, so snapshots are cheap and undo can never drift from the model.

#include "model/strategy.h"

#include <QUndoCommand>

#include <functional>

namespace lw::ui {

class StrategySnapshotCommand : public QUndoCommand
{
public:
    using Apply = std::function<void(const Strategy &)>;

    // mergeKey names the edited field ("name", "load.max_connections"); consecutive edits with the
    // same non-empty key merge into one step, so typing a word is undone at once.
    StrategySnapshotCommand(Strategy before, Strategy after, QString mergeKey, const QString &text,
                            Apply apply);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

    const Strategy &before() const { return m_before; }
    const Strategy &after() const { return m_after; }

private:
    Strategy m_before;
    Strategy m_after;
    QString m_mergeKey;
    Apply m_apply;
    bool m_firstRedo = true; // the edit is already applied when the command is pushed
};

} // namespace lw::ui
