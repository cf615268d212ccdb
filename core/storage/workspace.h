#pragma once

// The workspace: one SQLite file (WAL, foreign keys, PRAGMA user_version migrations) holding
// strategies as revisions, and later runs, approvals, audit and reports. One Workspace object per
// thread (it owns a QSqlDatabase connection of its own).

#include "model/strategy.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace lw {

class WorkspaceObserver;

struct StrategySummary
{
    qint64 id = 0;
    QString name;
    StrategyType type = StrategyType::Load;
    SafetyLevel safetyLevel = SafetyLevel::Low;
    int latestRevision = 0;
    QString latestHash;
    QString updatedBy;
    QDateTime updatedAt; // UTC
    QDateTime createdAt; // UTC, first revision
    bool archived = false;
};

struct StrategyRevision
{
    qint64 strategyId = 0;
    int revision = 0; // 1, 2, 3... per strategy
    QByteArray json;  // the document as saved (toJson form)
    QString hash;     // contentHash() of the strategy
    QString author;
    QString comment;
    QDateTime createdAt; // UTC
};

class Workspace
{
public:
    // Schema version this build writes; files with a higher user_version are refused.
    static int currentSchemaVersion();

    // Opens (creating when absent) and migrates forward. Refuses, without modifying it, a file that
    // is not a Loadwright workspace or comes from a newer version; error says what and what to do.
    static std::unique_ptr<Workspace> open(const QString &path, QString *error);

    struct OpenOptions
    {
        bool createIfMissing = true; // false: a missing file is an error (read-only commands)
        int busyTimeoutMs = 5000;    // how long to wait for another process's lock before failing
    };
    // A workspace whose file or folder cannot be written (a read-only share, a write-protected copy)
    // opens read-only: everything can be read, listed and exported; every change is refused with a
    // message that says the workspace is read-only. It must already have the current schema.
    static std::unique_ptr<Workspace> open(const QString &path, const OpenOptions &options, QString *error);

    // LOADWRIGHT_WORKSPACE if set, else <user data dir>/default.lwdb.
    static QString defaultPath();
    // <user data dir>: $XDG_DATA_HOME/loadwright (~/.local/share/loadwright).
    static QString dataDirectory();
    // Where `loadwright --demo` keeps its workspace: <user data dir>/demo.lwdb.
    static QString defaultDemoPath();

    ~Workspace();
    Workspace(const Workspace &) = delete;
    Workspace &operator=(const Workspace &) = delete;

    QString path() const;
    int schemaVersion() const;
    bool isReadOnly() const;

    // Strategies that are not archived, newest change first.
    QList<StrategySummary> strategies() const;
    QList<StrategySummary> archivedStrategies() const;
    // Lookups find archived strategies too (check StrategySummary::archived).
    std::optional<StrategySummary> strategy(qint64 id) const;
    std::optional<StrategySummary> strategyByName(const QString &name) const;

    // Saves a new revision. strategyId 0 creates a new strategy (its name must be unused);
    // otherwise the strategy gets revision latest+1 (the name may change, must stay unique).
    // Every save is a new revision, even when the content is unchanged. Returns the revision,
    // or nullopt with error set (nothing is written then).
    std::optional<StrategyRevision> saveStrategy(qint64 strategyId, const Strategy &s, const QString &author,
                                                 const QString &comment, QString *error);

    // Import: a new revision of the strategy with the same name (restoring it if archived), or a new
    // strategy.
    std::optional<StrategyRevision> importStrategy(const Strategy &s, const QString &author,
                                                   const QString &comment, QString *error);

    QList<StrategyRevision> revisions(qint64 strategyId) const; // oldest first
    std::optional<StrategyRevision> revision(qint64 strategyId, int revision) const;
    std::optional<StrategyRevision> latestRevision(qint64 strategyId) const;

    // Test data files of scenario strategies, stored by SHA-256 with the revision that first uses them
    // (saveStrategy stores every data source's content). Fills DataSource::content of s from the
    // store; false with error naming the data source whose file the workspace lacks.
    bool loadDataFiles(Strategy &s, QString *error) const;

    // Removes a strategy from the list; its revisions stay (history is never lost). Saving a new
    // revision or restoreStrategy() brings it back. The name stays taken while archived.
    bool archiveStrategy(qint64 strategyId, QString *error);
    bool restoreStrategy(qint64 strategyId, QString *error);

    // Workspace settings (key/value), e.g. "engine.allow_hosts".
    QString setting(const QString &key, const QString &defaultValue = {}) const;
    // Every change is on the audit trail as "settings.change" by actor (the acting workspace user);
    // the overload without one records $USER (or "unknown").
    bool setSetting(const QString &key, const QString &value, const QString &actor, QString *error);
    bool setSetting(const QString &key, const QString &value, QString *error);

    // The connection name of this workspace's QSqlDatabase, for storage classes of later issues.
    QString connectionName() const;

    // Observers called inside the write transactions of this workspace and of every RunStore on it
    // (workspaceobserver.h), in the order added. openWorkspace() (core/services) adds the audit
    // trail's and the notifications'.
    void addObserver(std::shared_ptr<WorkspaceObserver> observer);
    const std::vector<std::shared_ptr<WorkspaceObserver>> &observers() const;

private:
    Workspace();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace lw
