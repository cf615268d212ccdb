// loadwright-engine: the load generator, standalone (wrk-like CLI) or driven by the workbench
// through the JSON-lines protocol (--protocol, see core/engine/PROTOCOL.md).
#include "engine/cli.h"
#include "engine/engine.h"
#include "engine/protocol.h"
#include "engine/report.h"
#include "engine/version.h"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <pthread.h>
#include <thread>

using namespace lw::engine;

namespace {
class CliListener : public EngineListener
{
public:
    CliListener(const CliOptions &o, const Engine &e) : m_options(o), m_engine(e) {}
    void started(int, int64_t) override {}
    void interval(const IntervalReport &r) override
    {
        if (!m_options.progress)
            return;
        const RequestCounts t = r.stats->totalCounts();
        std::fprintf(
            stderr, "[%6.1fs] %8llu req  %6llu err  %6llu dropped  p50 %.2fms  p99 %.2fms%s%s\n", r.endSec,
            static_cast<unsigned long long>(t.completed), static_cast<unsigned long long>(t.errors),
            static_cast<unsigned long long>(r.stats->dropped),
            static_cast<double>(r.total->valueAtPercentile(50)) / 1e3,
            static_cast<double>(r.total->valueAtPercentile(99)) / 1e3,
            r.cpuSaturated ? "  [engine CPU saturated]" : "", r.scheduleLag ? "  [engine schedule lag]" : "");
    }
    void warning(const std::string &message) override
    {
        std::fprintf(stderr, "warning: %s\n", message.c_str());
    }
    void finished(const RunSummary &s) override
    {
        if (m_options.json) {
            nlohmann::json j = summaryJson(s, m_engine.spec());
            j.erase("event");
            std::cout << j.dump() << std::endl;
        } else {
            std::cout << humanSummary(s, m_engine.spec(), m_engine.threads()) << std::flush;
        }
        if (m_options.peers)
            std::cout << peersLine(s) << std::endl;
    }

private:
    const CliOptions &m_options;
    const Engine &m_engine;
};
} // namespace

int main(int argc, char **argv)
{
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    CliOptions options;
    std::string error;
    if (!parseCommandLine(args, options, error)) {
        std::fprintf(stderr, "loadwright-engine: %s\n", error.c_str());
        return 2;
    }
    if (options.help) {
        std::fputs(usageText().c_str(), stdout);
        return 0;
    }
    if (options.version) {
        std::printf("loadwright-engine %s (protocol %d)\n", engineVersion(), kProtocolVersion);
        return 0;
    }
    if (options.protocol)
        return runProtocol(ProtocolOptions{});

    Engine engine(options.spec);
    if (!engine.prepare(error)) {
        std::fprintf(stderr, "loadwright-engine: %s\n", error.c_str());
        return 2;
    }
    // SIGINT/SIGTERM: the first stops gracefully (summary still printed), the second at once.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread signals([&] {
        int count = 0;
        for (;;) {
            int sig = 0;
            sigwait(&set, &sig);
            if (sig == SIGUSR1)
                return;
            if (++count == 1)
                engine.stop();
            else
                engine.emergencyStop();
        }
    });
    CliListener listener(options, engine);
    engine.run(listener);
    pthread_kill(signals.native_handle(), SIGUSR1);
    signals.join();
    return 0;
}
