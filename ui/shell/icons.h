#pragma once

// Small action icons drawn with QPainter (Qt SVG is not linked), crisp at any device pixel ratio;
// everything else comes from QStyle::standardIcon.

#include <QIcon>

namespace lw::ui {

enum class IconId
{
    Add,
    Remove,
    Duplicate,
    MoveUp,
    MoveDown,
    Warning,
    Valid,
    Strategy,
    History,
    Archive,
    Import,
    Export,
    Undo,
    Redo,
    New,
    Save,
    Approvals,    // a shield with a tick: sign-off
    Audit,        // a ledger of lines with a chain link: the hash-chained audit log
    Notifications // a bell: notification channels and their delivery log
};

QIcon icon(IconId id);

} // namespace lw::ui
