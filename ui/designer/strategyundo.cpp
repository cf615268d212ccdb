#include "designer/strategyundo.h"

#include <utility>

namespace lw::ui {

StrategySnapshotCommand::StrategySnapshotCommand(Strategy before, Strategy after, QString mergeKey,
                                                 const QString &text, Apply apply)
    : QUndoCommand(text), m_before(std::move(before)), m_after(std::move(after)),
      m_mergeKey(std::move(mergeKey)), m_apply(std::move(apply))
{}

void StrategySnapshotCommand::undo()
{
    m_apply(m_before);
}

void StrategySnapshotCommand::redo()
{
    if (m_firstRedo) {
        m_firstRedo = false;
        return;
    }
    m_apply(m_after);
}

int StrategySnapshotCommand::id() const
{
    return 0x4c57; // "LW": all snapshot commands may merge; mergeWith decides by key
}

bool StrategySnapshotCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const StrategySnapshotCommand *>(other);
    if (m_mergeKey.isEmpty() || o->m_mergeKey != m_mergeKey)
        return false;
    m_after = o->m_after;
    // Typing and then deleting the same text leaves nothing to undo.
    setObsolete(m_after == m_before);
    return true;
}

} // namespace lw::ui
