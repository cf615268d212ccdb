#pragma once

// Asks for the change comment of a new revision ("what changed and why").

#include <QDialog>

class QPlainTextEdit;
class QPushButton;

namespace lw::ui {

class SaveDialog : public QDialog
{
    Q_OBJECT
public:
    // revision: the number the new revision will get (1 for a new strategy).
    SaveDialog(const QString &strategyName, int revision, QWidget *parent = nullptr);

    QString comment() const;
    QPlainTextEdit *commentEdit() const { return m_comment; }
    QPushButton *saveButton() const { return m_save; }

private:
    QPlainTextEdit *m_comment;
    QPushButton *m_save;
};

} // namespace lw::ui
