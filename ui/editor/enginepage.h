#pragma once

// Engine tab: which load engine runs the strategy (the built-in engine, or Locust's distributed mode
// with its workers here, on other hosts started through a command, or started by hand) and where the
// Locust master listens.

#include "editor/editorpage.h"
#include "editor/fieldissues.h"

class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace lw::ui {

class TableEditor;

class EnginePage : public EditorPage
{
    Q_OBJECT
public:
    explicit EnginePage(StrategyDocument *doc, QWidget *parent = nullptr);

    QString title() const override { return tr("Engine"); }
    QStringList issuePrefixes() const override { return {QStringLiteral("engine")}; }
    void refresh(const Strategy &s) override;
    void showIssues(const QList<ValidationIssue> &issues) override;

    QComboBox *kindBox() const { return m_kind; }
    QSpinBox *workersBox() const { return m_workers; }
    QSpinBox *externalBox() const { return m_external; }
    QLineEdit *masterHostEdit() const { return m_masterHost; }
    QLineEdit *workerTimeoutEdit() const { return m_timeout; }
    TableEditor *remoteTable() const { return m_remote; }
    // What a worker on another host runs, as far as it is known before the run (shown on the page).
    QLabel *workerCommandLabel() const { return m_command; }

private:
    void updateCommand(const EngineChoice &e);

    QComboBox *m_kind;
    QGroupBox *m_locust;
    QSpinBox *m_workers;
    QSpinBox *m_external;
    QLineEdit *m_masterHost;
    QSpinBox *m_masterPort;
    QLineEdit *m_timeout;
    StructListModel<RemoteWorker> *m_remoteModel;
    TableEditor *m_remote;
    QLabel *m_command;
    FieldIssues m_fields;
};

} // namespace lw::ui
