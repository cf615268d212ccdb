#pragma once

// The strategy open in the designer: its content, where it came from in the workspace, its undo
// history and its validation issues (recomputed, debounced, after every change).

#include "model/strategy.h"
#include "model/strategyjson.h"
#include "model/strategyvalidator.h"

#include <QObject>
#include <QTimer>
#include <QUndoStack>

namespace lw::ui {

class StrategyDocument : public QObject
{
    Q_OBJECT
public:
    // How the content relates to the workspace.
    enum class Origin
    {
        None,           // nothing open
        Latest,         // latest revision of a saved strategy (or a new, unsaved one when id is 0)
        RevisionView,   // an older revision shown read-only
        RevisionAsBase, // an older revision being edited; saving makes a new latest revision
    };

    explicit StrategyDocument(QObject *parent = nullptr);

    bool isOpen() const { return m_origin != Origin::None; }
    const Strategy &strategy() const { return m_strategy; }
    qint64 strategyId() const { return m_strategyId; }
    int revision() const { return m_revision; } // revision the content was loaded from (0: never saved)
    Origin origin() const { return m_origin; }
    bool isReadOnly() const { return m_origin == Origin::RevisionView; }
    bool isModified() const;

    // Replaces the content and forgets the undo history. modified marks content that differs from
    // what the workspace holds as latest (a new strategy, or an old revision used as a base).
    void load(const Strategy &s, qint64 strategyId, int revision, Origin origin, bool modified = false);
    void close();
    // Turns a read-only revision view into an editable base for a new revision.
    void useAsBase();
    // After a successful save: now the latest revision, clean.
    void markSaved(qint64 strategyId, int revision);

    // One user edit. Ignored when read-only or unchanged; mergeKey: see StrategySnapshotCommand.
    void edit(const Strategy &changed, const QString &mergeKey = {}, const QString &description = {});

    QUndoStack *undoStack() { return &m_undo; }

    void setVariables(const Variables &vars);
    const Variables &variables() const { return m_vars; }
    // Variables the user sets before a run (the secrets of an imported recording): validation of
    // this content counts them as set. Forgotten by the next load().
    void setSuppliedBeforeRun(const QStringList &names);
    // Issues of the current content; validateNow() skips the debounce (tests, before saving).
    const QList<ValidationIssue> &issues() const { return m_issues; }
    bool isValid() const { return m_issues.isEmpty(); }
    void validateNow();

signals:
    void loaded();          // new content from the workspace or a file (not an edit)
    void strategyChanged(); // any content change: edit, undo, redo, load
    void issuesChanged();
    void modifiedChanged(bool modified);
    void originChanged();

private:
    void apply(const Strategy &s); // from undo/redo
    void contentChanged();
    void emitModifiedIfChanged();

    Strategy m_strategy;
    qint64 m_strategyId = 0;
    int m_revision = 0;
    Origin m_origin = Origin::None;
    bool m_forcedModified = false;
    bool m_lastModified = false;
    QUndoStack m_undo;
    Variables m_vars;
    QStringList m_suppliedBeforeRun;
    QList<ValidationIssue> m_issues;
    QTimer m_validateTimer;
};

} // namespace lw::ui
