#pragma once

// The questions the designer asks the user, as replaceable functions: the defaults show dialogs;
// tests install answers instead.

#include "model/strategy.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QWidget;

namespace lw::ui {

// Recorded traffic a journey can be imported from.
enum class RecordingKind
{
    Har, // a HAR file saved by a browser's developer tools
    Curl // pasted curl command lines
};

// A journey imported from a recording, and the variables that replace its recorded credentials
// (set before a run).
struct ImportedJourney
{
    Strategy strategy;
    QStringList secretVariables;
};

enum class UnsavedChoice
{
    Save,
    Discard,
    Cancel
};

struct Prompts
{
    // The open strategy has unsaved changes: save them, discard them, or cancel the action.
    std::function<UnsavedChoice(QWidget *parent, const QString &strategyName)> unsavedChanges;
    // Change comment for a new revision; nullopt when cancelled.
    std::function<std::optional<QString>(QWidget *parent, const QString &strategyName, int revision)>
        saveComment;
    // A strategy from a template; nullopt when cancelled.
    std::function<std::optional<Strategy>(QWidget *parent)> newStrategy;
    // File to import / export to; empty when cancelled.
    std::function<QString(QWidget *parent)> importFile;
    std::function<QString(QWidget *parent, const QString &suggestedName)> exportFile;
    // A journey from recorded traffic, with the user's choices (suggestions, secrets, requests put
    // back); nullopt when cancelled.
    std::function<std::optional<ImportedJourney>(QWidget *parent, RecordingKind kind)> importRecording;
    // A problem the user must know about; details are listed one per line (e.g. validation issues).
    std::function<void(QWidget *parent, const QString &title, const QString &text,
                       const QStringList &details)>
        error;
    // Yes/no question for destructive actions.
    std::function<bool(QWidget *parent, const QString &title, const QString &text)> confirm;

    // Dialog-based answers, for the application.
    static Prompts interactive();
};

} // namespace lw::ui
