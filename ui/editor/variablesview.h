#pragma once

// Every run-time variable of the strategy's scenarios: where it is defined (an extraction, a data
// source column, a built-in) and each field that uses it. A use the validator rejected is shown in
// red with the validator's message; activating a row asks to go to that step.

#include "model/strategy.h"
#include "model/strategyjson.h"

#include <QTreeWidget>

namespace lw::ui {

class VariablesView : public QTreeWidget
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        DefinedColumn,
        StatusColumn,
    };
    static constexpr int PathRole = Qt::UserRole + 1;

    explicit VariablesView(QWidget *parent = nullptr);

    void setContent(const Strategy &s, const QList<ValidationIssue> &issues);

signals:
    // A definition or use was activated: its JSON path ("scenarios[0].steps[2].headers[0].value").
    void pathActivated(const QString &path);
};

} // namespace lw::ui
