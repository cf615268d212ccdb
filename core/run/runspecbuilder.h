#pragma once

// Maps a strategy whose ${VAR} references are already resolved (resolveVariables) to the engine's
// run spec, the `spec` of the protocol's `start` command (core/engine/PROTOCOL.md).

#include "model/strategy.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace lw {

// What the run adds to the strategy: settings of the workspace and of this run, not of the plan.
struct EngineOptions
{
    QStringList allow;                       // extra allowed hosts (the engine always allows loopback)
    QString interval = QStringLiteral("1s"); // reporting interval
    int threads = 0;                         // worker threads; 0 = the engine's default (one per core)
    QString hlogPath;                        // also write an .hlog file when set
    int heartbeatTimeoutS = 0;               // dead-man switch delay; 0 = the engine's default (3 s)
    QHash<QString, QString> dataPaths;       // data source name -> file the engine reads (scenarios)
    QJsonObject debug; // non-empty: the engine's debug mode (PROTOCOL.md, "Debug runs") instead of the load
};

// Durations are passed as exact milliseconds ("1500ms") when they parse, else as written so the
// engine names the bad field in its invalid_spec error.
QJsonObject engineRunSpec(const Strategy &resolved, const EngineOptions &options);

} // namespace lw
