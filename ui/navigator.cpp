#include "navigator.h"

#include <QAction>
#include <QHBoxLayout>
#include <QListWidget>
#include <QStackedWidget>

namespace lw::ui {

Navigator::Navigator(QWidget *parent) : QWidget(parent), m_list(new QListWidget), m_stack(new QStackedWidget)
{
    m_list->setObjectName(QStringLiteral("navigator"));
    m_list->setFixedWidth(150);
    m_list->setIconSize(QSize(20, 20));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setSpacing(2);
    m_list->setStyleSheet(QStringLiteral(
        "#navigator { background: #e9ecf1; padding-top: 8px; font-size: 10.5pt; }"
        "#navigator::item { padding: 8px 10px; border-radius: 4px; margin: 0 6px; color: #2b313b; }"
        "#navigator::item:selected { background: #2f6fde; color: white; }"
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
    const int index = m_stack->addWidget(area);
    auto *item = new QListWidgetItem(icon, name, m_list);
    item->setSizeHint(QSize(0, 38));
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
