#pragma once

// General tab: name, description, owner, type, safety level, tags and the derived approval requirement.

#include "editor/editorpage.h"
#include "editor/fieldissues.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace lw::ui {

class GeneralPage : public EditorPage
{
    Q_OBJECT
public:
    explicit GeneralPage(StrategyDocument *doc, QWidget *parent = nullptr);

    QString title() const override { return tr("General"); }
    QStringList issuePrefixes() const override; // everything no other page claims lands here too
    void refresh(const Strategy &s) override;
    void showIssues(const QList<ValidationIssue> &issues) override;

    QLineEdit *nameEdit() const { return m_name; }

private:
    QLineEdit *m_name;
    QLineEdit *m_owner;
    QComboBox *m_type;
    QComboBox *m_level;
    QLineEdit *m_tags;
    QPlainTextEdit *m_description;
    QLabel *m_approval;
    QLabel *m_other; // issues that belong to no field (e.g. "schema")
    FieldIssues m_fields;
};

// "a, b , ,c" -> {"a", "b", "c"}
QStringList parseTags(const QString &text);

} // namespace lw::ui
