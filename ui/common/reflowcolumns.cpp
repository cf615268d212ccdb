#include "common/reflowcolumns.h"

#include <QSplitter>

namespace lw::ui {

bool reflowColumns(QSplitter *columns, int width, int extra)
{
    int sideBySide = extra + columns->handleWidth() * (columns->count() - 1);
    for (int i = 0; i < columns->count(); ++i)
        sideBySide += columns->widget(i)->minimumSizeHint().width();
    const Qt::Orientation wanted = width >= sideBySide ? Qt::Horizontal : Qt::Vertical;
    if (columns->orientation() == wanted)
        return false;
    columns->setOrientation(wanted);
    for (int i = 0; i < columns->count(); ++i) {
        QWidget *w = columns->widget(i);
        w->setMinimumHeight(wanted == Qt::Vertical ? w->sizeHint().height() : 0);
    }
    return true;
}

} // namespace lw::ui
