#include "shell/theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyleFactory>

namespace lw::ui {

void applyTheme(QApplication &app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p = app.palette();
    p.setColor(QPalette::Window, QColor(0xf4, 0xf5, 0xf7));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf8, 0xfa));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xde));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Button, QColor(0xfb, 0xfb, 0xfc));
    p.setColor(QPalette::ToolTipBase, QColor(0x24, 0x29, 0x33));
    p.setColor(QPalette::ToolTipText, Qt::white);
    app.setPalette(p);
}

} // namespace lw::ui
