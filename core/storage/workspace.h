#pragma once

// The workspace: one SQLite file (WAL, foreign keys, PRAGMA user_version migrations) holding
// strategies as revisions, and later runs, approvals, audit and reports. One Workspace object per
// thread (it owns a QSqlDatabase connection of its own).

#include "model/strategy.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace lw {

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
};

struct StrategyRevision
{
    qint64 strategyId = 0;
    int revision = 0;      // 1, 2, 3... per strategy
    QByteArray json;       // the document as saved (toJson form)
    QString hash;          // contentHash() of the strategy
    QString author;
    QString comment;
    QDateTime createdAt;   // UTC
};

class Workspace
{
public:
    // Schema version this build writes; files with a higher user_version are refused.
    static int currentSchemaVersion();

    // Opens (creating when absent) and migrates forward. Refuses, without modifying it, a file that
    // is not a Loadwright workspace or comes from a newer version; error says what and what to do.
    static std::unique_ptr<Workspace> open(const QString &path, QString *error);

    // LOADWRIGHT_WORKSPACE if set, else <user data dir>/default.lwdb.
    static QString defaultPath();

    ~Workspace();
    Workspace(const Workspace &) = delete;
    Workspace &operator=(const Workspace &) = delete;

    QString path() const;
    int schemaVersion() const;

    // Strategies, newest change first.
    QList<StrategySummary> strategies() const;
    std::optional<StrategySummary> strategy(qint64 id) const;
    std::optional<StrategySummary> strategyByName(const QString &name) const;

    // Saves a new revision. strategyId 0 creates a new strategy (its name must be unused);
    // otherwise the strategy gets revision latest+1 (the name may change, must stay unique).
    // Every save is a new revision, even when the content is unchanged. Returns the revision,
    // or nullopt with error set (nothing is written then).
    std::optional<StrategyRevision> saveStrategy(qint64 strategyId, const Strategy &s, const QString &author,
                                                 const QString &comment, QString *error);

    // Import: a new revision of the strategy with the same name, or a new strategy.
    std::optional<StrategyRevision> importStrategy(const Strategy &s, const QString &author,
                                                   const QString &comment, QString *error);

    QList<StrategyRevision> revisions(qint64 strategyId) const; // oldest first
    std::optional<StrategyRevision> revision(qint64 strategyId, int revision) const;
    std::optional<StrategyRevision> latestRevision(qint64 strategyId) const;

    // Removes a strategy from the list; its revisions stay (history is never lost).
    bool archiveStrategy(qint64 strategyId, QString *error);

    // Workspace settings (key/value), e.g. "engine.allow_hosts".
    QString setting(const QString &key, const QString &defaultValue = {}) const;
    bool setSetting(const QString &key, const QString &value, QString *error);

    // The connection name of this workspace's QSqlDatabase, for storage classes of later issues.
    QString connectionName() const;

private:
    Workspace();
    struct Private;
    std::unique_ptr<Private> d;
};

// Creates (or refreshes) a demo workspace at path from the sample strategies in resources/strategies
// (compiled into lw_core as :/strategies/*.json). Existing strategies with the same content are kept.
bool createDemoWorkspace(const QString &path, QString *error);

} // namespace lw
