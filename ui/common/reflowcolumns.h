#pragma once

// Two columns side by side in a splitter when the width allows both, one above the other when it
// does not (a laptop screen with the strategy list open): stacked, each column keeps at least its
// preferred height and the page scrolls, instead of squeezing a table to a row or two.

class QSplitter;

namespace lw::ui {

// width: the room the splitter's page has; extra: the page's own margins around the splitter.
// Returns true when the orientation changed.
bool reflowColumns(QSplitter *columns, int width, int extra);

} // namespace lw::ui
