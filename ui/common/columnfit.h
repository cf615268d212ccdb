#pragma once

// Table columns sized to what they hold, with one column taking the rest of the width, so a table
// fills its viewport after every refresh (resizeColumnsToContents() alone, or a stretched last
// section resized by hand, leaves a gap on the right until the window is resized).

class QTableView;

namespace lw::ui {

// Sizes every column to its contents (at most maxWidth pixels when maxWidth > 0) and lets
// fillColumn (the last one when negative) stretch over the remaining width; call it after each
// refresh of the model. The other columns stay resizable by the user.
void fitColumns(QTableView *view, int fillColumn = -1, int maxWidth = 0);

} // namespace lw::ui
