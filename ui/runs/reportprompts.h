#pragma once

// The questions the Runs area and the report view ask, as replaceable functions (like
// ui/run/runprompts.h): the defaults show dialogs; tests install answers instead.

#include "report/reportexport.h"

#include <QString>

#include <functional>
#include <optional>

class QWidget;

namespace lw::ui {

struct ExportTarget
{
    report::ExportFormat format = report::ExportFormat::Html;
    QString path;
};

struct ReportPrompts
{
    // Yes/no before something that cannot be undone (deleting a run).
    std::function<bool(QWidget *parent, const QString &title, const QString &text)> confirm;
    // Format and file for an export; suggestedBase is a file name without suffix.
    std::function<std::optional<ExportTarget>(QWidget *parent, const QString &suggestedBase)> exportTarget;
    // Title of a saved report (pre-filled with suggested); nullopt: cancelled.
    std::function<std::optional<QString>(QWidget *parent, const QString &suggested)> saveTitle;
    std::function<void(QWidget *parent, const QString &title, const QString &text)> error;

    static ReportPrompts interactive();
};

} // namespace lw::ui
