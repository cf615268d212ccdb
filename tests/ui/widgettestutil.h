#pragma once

// Helpers shared by the widget suites: the workbench theme and screenshots for review.

#include "shell/theme.h"

#include <QApplication>
#include <QDir>
#include <QTest>
#include <QWidget>

namespace lw::test {

inline void applyWorkbenchTheme()
{
    if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
        lw::ui::applyTheme(*app);
}

// Shows the widget at size, waits for it to be exposed and saves it as
// <build>/screenshots/<name>.png; returns the grabbed image.
inline QImage screenshot(QWidget *w, const QString &name, QSize size = {})
{
    if (size.isValid())
        w->resize(size);
    w->show();
    if (!QTest::qWaitForWindowExposed(w))
        return {};
    QTest::qWait(60); // queued replots and layouts settle
    const QPixmap pm = w->grab();
    const QString dir = QStringLiteral(LW_BINARY_DIR "/screenshots");
    QDir().mkpath(dir);
    pm.save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    return pm.toImage();
}

} // namespace lw::test
