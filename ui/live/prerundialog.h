#pragma once

// Before a run: the strategy and revision, the prerequisites as a checklist (manual items to tick,
// automatic ones checked when the run starts), the approval requirement and the gate's answer, the
// testing window, variables (KEY=value lines) and Start. Start stays disabled while a required
// manual item is unticked, the gate refuses, the window is closed (unless the user overrides) or a
// variable line is malformed; the reason is shown next to it. Only an admin or an approver of the
// strategy may override a closed window, and only with a reason. The targets are shown as they will
// be sent (variables resolved). Enter starts the run; Shift+Enter adds a variables line.

#include "live/runprompts.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace lw::ui {

class PreRunDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreRunDialog(const PreRunInfo &info, QWidget *parent = nullptr);

    PreRunChoice choice() const;
    QString blockReason() const; // empty when Start is enabled

    QPushButton *startButton() const { return m_start; }
    QListWidget *checklist() const { return m_checklist; }
    QPlainTextEdit *variablesEdit() const { return m_variables; }
    QCheckBox *windowOverride() const { return m_windowOverride; }
    QLineEdit *windowOverrideReason() const { return m_overrideReason; }
    QLabel *targetsLabel() const { return m_targets; }
    QLabel *blockLabel() const { return m_block; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateStart();
    void updateTargets();

    PreRunInfo m_info;
    QListWidget *m_checklist;
    QPlainTextEdit *m_variables;
    QCheckBox *m_windowOverride;
    QLineEdit *m_overrideReason;
    QLabel *m_targets;
    QLabel *m_block;
    QPushButton *m_start;
};

} // namespace lw::ui
