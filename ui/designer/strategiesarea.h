#pragma once

// The Strategies area: the strategy list beside the editor, and the workspace operations on the open
// strategy (open, new, save as revision, import, export, history, archive) with the unsaved-changes
// prompt. MainWindow turns these into actions.

#include "run/runcontroller.h"
#include "shell/prompts.h"

#include <QWidget>

class QSplitter;

namespace lw {
class Workspace;
}

namespace lw::ui {

class DebugPanel;
class RevisionHistoryDialog;
class StrategyBrowser;
class StrategyDocument;
class StrategyEditor;
class StrategyListModel;

class StrategiesArea : public QWidget
{
    Q_OBJECT
public:
    explicit StrategiesArea(Workspace &workspace, QWidget *parent = nullptr);

    StrategyDocument *document() const { return m_doc; }
    StrategyEditor *editor() const { return m_editor; }
    StrategyBrowser *browser() const { return m_browser; }
    StrategyListModel *listModel() const { return m_list; }
    QSplitter *splitter() const { return m_splitter; }
    DebugPanel *debugPanel() const { return m_debug; }
    void setPrompts(const Prompts &prompts) { m_prompts = prompts; }
    void setAuthor(const QString &author) { m_author = author; }

    // Each returns false when nothing happened (cancelled, refused or failed; the user was told why).
    bool openStrategy(qint64 strategyId);
    bool openRevision(qint64 strategyId, int revision);
    bool newStrategy();
    bool save();
    bool importJson();
    bool importFile(const QString &path);
    // A journey from a HAR file or curl command lines, opened as a new unsaved strategy (like New).
    bool importRecording(RecordingKind kind);
    bool exportJson();
    bool archive();
    // Opens the revision history (window-modal, deleted on close); nullptr when nothing is saved yet.
    RevisionHistoryDialog *showHistory();
    // Asks about unsaved changes; false means the user cancelled the action in progress.
    bool maybeSave();
    // "Send one iteration" (or N, or one per data row) of the open strategy's saved revision through
    // the engine, shown in the debug panel below the editor. False when it did not start (told why).
    bool sendIteration(const lw::DebugOptions &options);
    // A stored debug run's results tree in the debug panel (opened from the Runs area).
    bool showDebugRun(qint64 runId);
    // Reloads the list from the workspace, keeping the selection.
    void reloadList();
    // Opens the most recently changed strategy, if any.
    void openFirst();
    // At start: lastUsed when the workspace still has it, else the first strategy of plain requests
    // that runs without sign-off (so Run works on the first try), else such a journey, else the first.
    void openInitial(qint64 lastUsed);

signals:
    void statusMessage(const QString &message);

private:
    bool loadRevision(qint64 strategyId, int revision); // 0: latest; no unsaved-changes prompt
    void error(const QString &title, const QString &text, const QStringList &details = {});

    Workspace &m_ws;
    Prompts m_prompts;
    QString m_author;
    StrategyDocument *m_doc;
    StrategyListModel *m_list;
    StrategyBrowser *m_browser;
    StrategyEditor *m_editor;
    QSplitter *m_splitter;
    DebugPanel *m_debug;
    std::function<void()> m_showDebug; // gives the debug panel room to be read
};

} // namespace lw::ui
