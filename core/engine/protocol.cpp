#include "engine/protocol.h"
#include "engine/protocolcommand.h"

#include "engine/clock.h"
#include "engine/engine.h"
#include "engine/report.h"
#include "engine/version.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/prctl.h>
#include <thread>
#include <unistd.h>

namespace lw::engine {

namespace {
std::atomic<bool> g_terminate{false};

void onTerminate(int)
{
    g_terminate.store(true);
}

// Serialises event lines from the engine's collector thread and the command thread.
class EventWriter
{
public:
    explicit EventWriter(int fd) : m_fd(fd) {}
    void write(const nlohmann::json &event)
    {
        std::string line = event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        line += '\n';
        std::lock_guard<std::mutex> lock(m_mutex);
        size_t off = 0;
        while (off < line.size()) {
            const ssize_t n = ::write(m_fd, line.data() + off, line.size() - off);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return; // the controller is gone; the dead-man switch handles the rest
            off += static_cast<size_t>(n);
        }
    }
    void error(const std::string &code, const std::string &message, const nlohmann::json &id = nullptr)
    {
        nlohmann::json e{{"event", "error"}, {"code", code}, {"message", message}};
        if (!id.is_null())
            e["id"] = id;
        write(e);
    }

private:
    int m_fd;
    std::mutex m_mutex;
};

class ProtocolListener : public EngineListener
{
public:
    ProtocolListener(EventWriter &out, const RunSpec &spec) : m_out(out), m_spec(spec) {}
    void started(int threads, int64_t startMs) override
    {
        m_out.write({{"event", "started"}, {"threads", threads}, {"start_ms", startMs}});
    }
    void interval(const IntervalReport &r) override { m_out.write(intervalJson(r, m_spec)); }
    void warning(const std::string &message) override
    {
        m_out.write({{"event", "warning"}, {"message", message}});
    }
    void finished(const RunSummary &s) override { m_out.write(summaryJson(s, m_spec)); }
    void debugStep(const nlohmann::json &record) override { m_out.write(record); }

private:
    EventWriter &m_out;
    const RunSpec &m_spec;
};
} // namespace

nlohmann::json helloEvent()
{
    return nlohmann::json{{"event", "hello"},
                          {"engine", "loadwright-engine"},
                          {"version", engineVersion()},
                          {"protocol", kProtocolVersion},
                          {"pid", static_cast<int64_t>(getpid())},
                          {"capabilities",
                           {"http1", "https", "http2", "open_model", "closed_model", "stages", "set_rate",
                            "rate_cap", "think_time", "allow_list", "redirects", "hlog", "heartbeat",
                            "emergency_stop", "per_request_histograms", "scenarios", "debug"}}};
}

int runProtocol(const ProtocolOptions &opt)
{
    EventWriter out(opt.outFd);
    const pid_t parent = getppid();
    if (opt.watchParent) {
        struct sigaction sa
        {};
        sa.sa_handler = onTerminate;
        sigaction(SIGTERM, &sa, nullptr);
        sigaction(SIGHUP, &sa, nullptr);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
    }
    out.write(helloEvent());

    std::unique_ptr<Engine> engine;
    std::thread runner;
    std::atomic<bool> runDone{false};
    bool stopping = false;
    int exitCode = 0;
    int64_t lastHeard = monotonicNs();
    int64_t heartbeatTimeout = opt.heartbeatTimeoutNs;
    std::string buffer;
    bool inputOpen = true;
    std::string deadReason;

    auto startStop = [&](bool emergency) {
        if (engine) {
            if (emergency)
                engine->emergencyStop();
            else
                engine->stop();
        }
        stopping = true;
    };

    auto handleLine = [&](const std::string &line) {
        ProtocolCommand cmd = parseCommandLine(line);
        using Kind = ProtocolCommand::Kind;
        switch (cmd.kind) {
        case Kind::Blank:
        case Kind::Heartbeat:
            return;
        case Kind::Malformed:
        case Kind::Unknown:
            out.error(cmd.errorCode, cmd.errorMessage, cmd.id);
            return;
        case Kind::Start: {
            if (engine) {
                out.error("already_started", "a run is already in progress; one run per engine process",
                          cmd.id);
                return;
            }
            if (!cmd.errorCode.empty()) {
                out.error(cmd.errorCode, cmd.errorMessage, cmd.id);
                return;
            }
            if (cmd.heartbeatTimeoutNs > 0)
                heartbeatTimeout = cmd.heartbeatTimeoutNs;
            std::string error;
            auto e = std::make_unique<Engine>(std::move(cmd.spec));
            if (!e->prepare(error)) {
                const bool refused = error.find("allow-list") != std::string::npos;
                out.error(refused ? "host_refused"
                                  : (error.find("resolve") != std::string::npos ? "unresolvable_host"
                                                                                : "invalid_spec"),
                          error, cmd.id);
                return;
            }
            engine = std::move(e);
            runner = std::thread([&] {
                ProtocolListener listener(out, engine->spec());
                engine->run(listener);
                runDone.store(true);
            });
            return;
        }
        case Kind::Stop:
        case Kind::EmergencyStop:
            if (!engine) {
                out.error("not_running", "no run to stop", cmd.id);
                return;
            }
            out.write(
                {{"event", "status"}, {"state", cmd.kind == Kind::Stop ? "stopping" : "emergency_stopping"}});
            startStop(cmd.kind == Kind::EmergencyStop);
            return;
        case Kind::SetRate:
            if (!engine) {
                out.error("not_running", "set_rate needs a running engine", cmd.id);
                return;
            }
            if (!cmd.errorCode.empty()) {
                out.error(cmd.errorCode, cmd.errorMessage, cmd.id);
                return;
            }
            engine->setRate(cmd.absoluteRate, cmd.rate);
            out.write({{"event", "status"},
                       {"state", "rate_changed"},
                       {cmd.absoluteRate ? "rate" : "scale", cmd.rate}});
            return;
        }
    };

    for (;;) {
        if (runDone.load()) {
            break;
        }
        const int64_t now = monotonicNs();
        if (deadReason.empty()) {
            if (!inputOpen)
                deadReason = "stdin closed";
            else if (g_terminate.load())
                deadReason = "terminated (parent gone)";
            else if (opt.watchParent && getppid() != parent)
                deadReason = "parent process died";
            else if (now - lastHeard > heartbeatTimeout)
                deadReason = "no heartbeat for " + std::to_string(heartbeatTimeout / 1'000'000'000) + " s";
            if (!deadReason.empty()) {
                out.write(
                    {{"event", "warning"}, {"message", "dead-man switch: " + deadReason + "; stopping"}});
                exitCode = 3;
                if (!engine)
                    break;
                startStop(true);
            }
        }
        pollfd p{opt.inFd, POLLIN, 0};
        const int rc =
            inputOpen ? ::poll(&p, 1, 50) : (std::this_thread::sleep_for(std::chrono::milliseconds(20)), 0);
        if (rc > 0) {
            char chunk[65536];
            const ssize_t n = ::read(opt.inFd, chunk, sizeof chunk);
            if (n <= 0 && !(n < 0 && (errno == EINTR || errno == EAGAIN))) {
                inputOpen = false;
                continue;
            }
            if (n > 0) {
                lastHeard = monotonicNs();
                buffer.append(chunk, static_cast<size_t>(n));
                size_t nl;
                while ((nl = buffer.find('\n')) != std::string::npos) {
                    const std::string line = buffer.substr(0, nl);
                    buffer.erase(0, nl + 1);
                    handleLine(line);
                }
                if (buffer.size() > 64 * 1024 * 1024) {
                    out.error("bad_command", "command line longer than 64 MiB; discarded");
                    buffer.clear();
                }
            }
        }
        (void)stopping;
    }
    if (runner.joinable())
        runner.join();
    if (!engine && exitCode == 0)
        exitCode = deadReason.empty() ? 0 : 3;
    out.write({{"event", "bye"}, {"exit_code", exitCode}});
    return exitCode;
}

} // namespace lw::engine
