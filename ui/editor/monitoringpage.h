#pragma once

// Monitoring tab: which resources to sample during a run (this host, processes, Prometheus endpoints).

#include "editor/editorpage.h"
#include "editor/fieldissues.h"

class QCheckBox;
class QLineEdit;

namespace lw::ui {

class TableEditor;

class MonitoringPage : public EditorPage
{
    Q_OBJECT
public:
    explicit MonitoringPage(StrategyDocument *doc, QWidget *parent = nullptr);

    QString title() const override { return tr("Monitoring"); }
    QStringList issuePrefixes() const override { return {QStringLiteral("monitoring")}; }
    void refresh(const Strategy &s) override;
    void showIssues(const QList<ValidationIssue> &issues) override;

private:
    StructListModel<ProcessWatch> *m_processModel;
    StructListModel<PrometheusEndpoint> *m_promModel;
    TableEditor *m_processes;
    TableEditor *m_prometheus;
    QCheckBox *m_host;
    QLineEdit *m_interval;
    FieldIssues m_fields;
};

} // namespace lw::ui
