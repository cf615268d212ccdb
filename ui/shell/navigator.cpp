#include "shell/navigator.h"

#include <QAction>
#include <QHBoxLayout>
#include <QListWidget>
#include <QScrollArea>
#include <QStackedWidget>

namespace lw::ui {

Navigator::Navigator(QWidget *parent) : QWidget(parent), m_list(new QListWidget), m_stack(new QStackedWidget)
{
    m_list->setObjectName(QStringLiteral("navigator"));
    // A slim activity bar (icon above name) leaves the width to the areas themselves.
    m_list->setViewMode(QListView::IconMode);
    m_list->setFlow(QListView::TopToBottom);
    m_list->setMovement(QListView::Static);
    m_list->setWrapping(false);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setIconSize(QSize(26, 26));
    m_list->setGridSize(QSize(98, 66));
    m_list->setFixedWidth(102);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setFocusPolicy(Qt::NoFocus); // areas switch by click or Ctrl+1..9; no focus frame
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setStyleSheet(QStringLiteral(
        "#navigator { background: #e6e9ef; border-right: 1px solid #d3d8e0; padding-top: 6px; }"
        "#navigator::item { border-radius: 6px; color: #2b313b; padding: 4px; }"
        "#navigator::item:selected { background: #d6e2f8; color: #1d4fb0; }"
        "#navigator::item:hover:!selected { background: #dde2ea; }"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_list);
    layout->addWidget(m_stack, 1);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        m_stack->setCurrentIndex(row);
        emit currentAreaChanged(row);
    });
}

int Navigator::addArea(const QIcon &icon, const QString &name, QWidget *area)
{
    // Each area sits in a scroll area: the window's minimum size is then the navigator's and the
    // frame's, not the largest minimum of all areas, so it fits small screens (an area narrower or
    // lower than its own minimum scrolls instead of pushing the window off the screen).
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("areaScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setBackgroundRole(QPalette::Window);
    scroll->setWidget(area);
    const int index = m_stack->addWidget(scroll);
    auto *item = new QListWidgetItem(icon, name, m_list);
    item->setTextAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    item->setSizeHint(QSize(94, 62));
    if (index < 9) {
        auto *shortcut = new QAction(this);
        shortcut->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
        shortcut->setShortcutContext(Qt::WindowShortcut);
        connect(shortcut, &QAction::triggered, this, [this, index] { setCurrentArea(index); });
        addAction(shortcut);
        item->setToolTip(tr("%1 (Ctrl+%2)").arg(name).arg(index + 1));
    }
    if (m_list->currentRow() < 0)
        m_list->setCurrentRow(0);
    return index;
}

void Navigator::setCurrentArea(int index)
{
    m_list->setCurrentRow(index);
}

int Navigator::currentArea() const
{
    return m_list->currentRow();
}

} // namespace lw::ui
