#pragma once

// A one-line label that shortens its text with an ellipsis in the middle when it gets narrower
// than the text (status bar paths), so a long text never sets the window's minimum width.

#include <QLabel>

namespace lw::ui {

class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text);
    QString fullText() const { return m_full; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void elide();

    QString m_full;
};

} // namespace lw::ui
