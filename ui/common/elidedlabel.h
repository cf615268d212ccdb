#pragma once

// A one-line label that shortens its text with an ellipsis (in the middle for paths in the status
// bar, at the right for the live run's detail line) when it gets narrower than the text, with the
// full text in the tooltip, so a long text never sets the window's minimum width.

#include <QLabel>

namespace lw::ui {

class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr, Qt::TextElideMode mode = Qt::ElideMiddle);

    void setFullText(const QString &text);
    QString fullText() const { return m_full; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void elide();

    QString m_full;
    Qt::TextElideMode m_mode;
};

} // namespace lw::ui
