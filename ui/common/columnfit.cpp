#include "common/columnfit.h"

#include <QHeaderView>
#include <QTableView>

namespace lw::ui {

void fitColumns(QTableView *view, int fillColumn, int maxWidth)
{
    QHeaderView *header = view->horizontalHeader();
    const int count = header->count();
    if (count == 0)
        return;
    const int fill = fillColumn < 0 || fillColumn >= count ? count - 1 : fillColumn;
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    view->resizeColumnsToContents();
    if (maxWidth > 0) {
        for (int c = 0; c < count; ++c) {
            if (header->sectionSize(c) > maxWidth)
                header->resizeSection(c, maxWidth);
        }
    }
    header->setSectionResizeMode(fill, QHeaderView::Stretch);
}

} // namespace lw::ui
