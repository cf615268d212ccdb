#pragma once

// Inline validation for form fields: a red border and warning icon on the field and the message in a
// label right below it, for the issues whose path names that field.

#include "model/strategyjson.h"

#include <QHash>
#include <QList>
#include <QPointer>
#include <QWidget>

class QAction;
class QFormLayout;
class QLabel;

namespace lw::ui {

class FieldIssues
{
public:
    // Registers field as the place for path ("name", "load.max_connections"); message shows the text.
    void add(const QString &path, QWidget *field, QLabel *message);
    // Adds a row "label: field" to form with a message label under the field, registered for path.
    void addRow(QFormLayout *form, const QString &label, QWidget *field, const QString &path);

    // Shows the issues at or below a registered path; returns those that matched no field.
    QList<ValidationIssue> show(const QList<ValidationIssue> &issues);
    // The field registered for path or the nearest path above it ("body" for "body"); nullptr if none.
    QWidget *field(const QString &path) const;

private:
    struct Entry
    {
        QPointer<QWidget> field;
        QPointer<QLabel> message;
        QPointer<QAction> icon; // line edits: trailing warning icon
    };
    QHash<QString, Entry> m_entries;
};

// A hidden, red, word-wrapped label for validation messages.
QLabel *createMessageLabel(QWidget *parent = nullptr);
// Marks a widget invalid (the editor style sheet draws it with a red border).
void setInvalid(QWidget *field, bool invalid);

} // namespace lw::ui
