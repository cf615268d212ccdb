#pragma once

// Prerequisites tab: checks that must pass before a run (HTTP health, TCP port, command exit code,
// free disk, manual checklist item); the selected row's type-dependent fields are edited below.

#include "editor/editorpage.h"
#include "editor/fieldissues.h"

class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLineEdit;
class QSpinBox;

namespace lw::ui {

class TableEditor;

class PrerequisitesPage : public EditorPage
{
    Q_OBJECT
public:
    explicit PrerequisitesPage(StrategyDocument *doc, QWidget *parent = nullptr);

    QString title() const override { return tr("Prerequisites"); }
    QStringList issuePrefixes() const override { return {QStringLiteral("prerequisites")}; }
    void refresh(const Strategy &s) override;
    void showIssues(const QList<ValidationIssue> &issues) override;

    TableEditor *table() const { return m_table; }

private:
    void showDetail(int row);
    void editRow(const std::function<void(Prerequisite &)> &mutate, const QString &field);

    StructListModel<Prerequisite> *m_model;
    TableEditor *m_table;
    QGroupBox *m_detail;
    QFormLayout *m_form;
    QLineEdit *m_url;
    QSpinBox *m_expectStatus;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_command;
    QLineEdit *m_path;
    QDoubleSpinBox *m_minFree;
    QLineEdit *m_description;
    FieldIssues m_fields;
    QList<ValidationIssue> m_issues;
    int m_row = -1;
};

QString prerequisiteTypeName(PrerequisiteType t);

} // namespace lw::ui
