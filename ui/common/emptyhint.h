#pragma once

// A sentence centred in an empty table or list ("No channels yet: Add... sets one up"), gone as soon
// as the view has rows: an empty grid alone does not say whether something failed or what to do.

#include <QObject>
#include <QPointer>

class QAbstractItemView;
class QLabel;

namespace lw::ui {

class EmptyHint : public QObject
{
    Q_OBJECT
public:
    // Shows text over view's viewport while its model has no rows; owned by view.
    static EmptyHint *install(QAbstractItemView *view, const QString &text);

    QLabel *label() const { return m_label; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    EmptyHint(QAbstractItemView *view, const QString &text);
    void update();

    QAbstractItemView *m_view;
    QPointer<QLabel> m_label; // gone before the view when the view is destroyed
};

} // namespace lw::ui
