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
    Save
};

QIcon icon(IconId id);

} // namespace lw::ui
