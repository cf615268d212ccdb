#pragma once

class QApplication;

namespace lw::ui {

// Applies the workbench look (Fusion style, a calm light palette, readable fonts) to the application.
void applyTheme(QApplication &app);

} // namespace lw::ui
