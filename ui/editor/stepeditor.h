#pragma once

// The request of one scenario step: name, method, URL, headers, body (with "Format JSON" and a JSON
// syntax check), think time, what a failure does, and the transaction it belongs to. Every change
// goes through the edit callback (the page turns it into one undoable edit of the document); run-time
// variables the validator rejects are underlined in the body and flagged under the URL and headers.

#include "editor/fieldissues.h"
#include "editor/listtablemodel.h"
#include "model/scenario.h"
#include "model/strategyjson.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace lw::ui {

class TableEditor;
class VariableHighlighter;

// Applies mutate to the step being edited as one edit; mergeKey joins consecutive keystrokes.
using StepEdit = std::function<void(const std::function<void(Step &)> &mutate, const QString &mergeKey,
                                    const QString &description)>;

class StepEditor : public QWidget
{
    Q_OBJECT
public:
    explicit StepEditor(StepEdit edit, QWidget *parent = nullptr);

    // Widgets <- step (nullptr: no step selected). path names the step ("scenarios[0].steps[2]").
    void setStep(const Step *step, const QString &path);
    // Issues below the step, their paths relative to it ("url", "headers[0].value", "body").
    void showIssues(const QList<ValidationIssue> &local);
    // Focuses the field of a path relative to the step ("url", "headers[1].value"); false if none.
    bool focusField(const QString &relative);

    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *methodBox() const { return m_method; }
    QLineEdit *urlEdit() const { return m_url; }
    QLineEdit *transactionEdit() const { return m_transaction; }
    QLineEdit *thinkTimeEdit() const { return m_thinkTime; }
    QComboBox *onFailureBox() const { return m_onFailure; }
    TableEditor *headersTable() const { return m_headers; }
    QPlainTextEdit *bodyEdit() const { return m_body; }
    QPushButton *formatButton() const { return m_format; }
    QLabel *bodyStatus() const { return m_bodyStatus; }
    VariableHighlighter *bodyHighlighter() const { return m_highlighter; }

private:
    void formatBody();
    void updateBodyStatus();
    bool loading() const { return m_loading > 0; }

    StepEdit m_edit;
    QString m_path;
    int m_loading = 0;
    QLineEdit *m_name;
    QComboBox *m_method;
    QLineEdit *m_url;
    QLineEdit *m_transaction;
    QLineEdit *m_thinkTime;
    QComboBox *m_onFailure;
    StructListModel<StepHeader> *m_headerModel;
    TableEditor *m_headers;
    QPlainTextEdit *m_body;
    QPushButton *m_format;
    QLabel *m_bodyStatus;
    VariableHighlighter *m_highlighter;
    FieldIssues m_fields;
};

} // namespace lw::ui
