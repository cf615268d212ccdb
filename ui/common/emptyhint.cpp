#include "common/emptyhint.h"

#include <QAbstractItemModel>
#include <QAbstractItemView>
#include <QEvent>
#include <QLabel>

namespace lw::ui {

EmptyHint *EmptyHint::install(QAbstractItemView *view, const QString &text)
{
    return new EmptyHint(view, text);
}

EmptyHint::EmptyHint(QAbstractItemView *view, const QString &text)
    : QObject(view), m_view(view), m_label(new QLabel(text, view->viewport()))
{
    m_label->setObjectName(QStringLiteral("emptyHint"));
    m_label->setWordWrap(true);
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setTextFormat(Qt::RichText);
    m_label->setStyleSheet(QStringLiteral("color: #6b7280; padding: 16px;"));
    m_label->setAttribute(Qt::WA_TransparentForMouseEvents);
    view->viewport()->installEventFilter(this);
    QAbstractItemModel *model = view->model();
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(model, signal, this, &EmptyHint::update);
    connect(model, &QAbstractItemModel::modelReset, this, &EmptyHint::update);
    connect(model, &QAbstractItemModel::layoutChanged, this, &EmptyHint::update);
    update();
}

bool EmptyHint::eventFilter(QObject *watched, QEvent *event)
{
    if (m_label && watched == m_view->viewport() && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        update();
    return QObject::eventFilter(watched, event);
}

void EmptyHint::update()
{
    if (!m_label) // the view is being destroyed: its viewport (and the label) went first
        return;
    const bool empty = !m_view->model() || m_view->model()->rowCount() == 0;
    m_label->setGeometry(m_view->viewport()->rect());
    m_label->setVisible(empty);
}

} // namespace lw::ui
