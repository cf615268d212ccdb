#pragma once

// The questions a run asks the user, as replaceable functions (like ui/prompts.h): the defaults
// show dialogs; tests install answers instead.

#include "run/runcontroller.h"
#include "run/testingwindow.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class QWidget;

namespace lw::ui {

// What the pre-run dialog shows.
struct PreRunInfo
{
    Strategy strategy;
    qint64 strategyId = 0;
    int revision = 0;
    QString user;
    GateDecision gate;                // the approval gate's answer for this revision and user
    QStringList signers;              // who could still sign this revision (empty: nobody can)
    WindowCheck window;               // testing windows now
    GateDecision windowOverride;      // may user run outside the testing windows (admin/approver)?
    bool unsavedChanges = false;      // the editor holds edits that are not part of this revision
    QMap<QString, QString> variables; // last used values, pre-filled
    // Limits and criteria relative to the baseline run: their thresholds (notes), and those that are
    // not evaluated because there is no baseline (warnings). Both empty when the strategy has none.
    QStringList baselineNotes;
    QStringList baselineWarnings;
};

// What the user chose.
struct PreRunChoice
{
    QMap<QString, QString> variables;
    QStringList confirmedManualPrerequisites;
    bool ignoreTestingWindows = false; // only offered (and only true) when outside every window
    QString windowOverrideReason;      // why it cannot wait (required with ignoreTestingWindows)
};

enum class CloseWhileRunning
{
    StopGracefully, // stop the run, quit when it has ended
    KeepWaiting,    // let the run finish, quit then
    Cancel          // do not quit
};

struct RunPrompts
{
    std::function<std::optional<PreRunChoice>(QWidget *parent, const PreRunInfo &info)> preRun;
    std::function<CloseWhileRunning(QWidget *parent, const QString &strategyName)> closeWhileRunning;
    // A run could not be started; text says why and what to do.
    std::function<void(QWidget *parent, const QString &title, const QString &text)> error;

    static RunPrompts interactive();
};

// "KEY=value" lines (blank lines and # comments skipped) into variables; false with *error naming
// the first bad line.
bool parseVariableLines(const QString &text, QMap<QString, QString> *out, QString *error);

} // namespace lw::ui
