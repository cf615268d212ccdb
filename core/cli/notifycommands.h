#pragma once

// Notifications on the command line: `plugins`, `channels add|list|test|remove`, and the bounded
// wait of `loadwright run` for its own deliveries. Exit codes: 0 done (test: delivered), 1 a test
// notification was not delivered, 2 usage or bad input (unknown plugin, invalid configuration),
// 4 refused (no keychain for a secret), 5 the workspace could not be written.

#include "cli/commandline.h"

#include <memory>

namespace lw::notify {
class DeliveryService;
class PluginRegistry;
} // namespace lw::notify

namespace lw::cli {

int pluginsCommand(const Invocation &inv, CommandIo &io);  // plugins [--json]
int channelsCommand(const Invocation &inv, CommandIo &io); // channels add|list|test|remove ...

// Delivers the outbox while `loadwright run` runs, then waits up to --notify-wait S (default 10) for
// the rows of that run; what is left is delivered by the next loadwright that starts a worker.
class RunDeliveries
{
public:
    RunDeliveries(const Invocation &inv, const QString &workspacePath);
    ~RunDeliveries();
    void waitForRun(qint64 runId, CommandIo &io);

private:
    QString m_path;
    double m_waitS = 10;
    std::shared_ptr<notify::PluginRegistry> m_registry;
    std::unique_ptr<notify::DeliveryService> m_service;
};

} // namespace lw::cli
