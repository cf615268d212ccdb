#pragma once

#include "shopapi.h"
#include "targetoptions.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace lw::target {

// Counters shared by the worker threads (relaxed atomics: they are statistics, not synchronisation).
struct TargetStats
{
    std::atomic<int64_t> requests{0};
    std::atomic<int64_t> responses{0};
    std::atomic<int64_t> status2xx{0};
    std::atomic<int64_t> status5xx{0};
    std::atomic<int64_t> stalled{0};
    std::atomic<int64_t> badRequests{0};
    std::atomic<int64_t> connectionsAccepted{0};
    std::atomic<int64_t> connectionsOpen{0};
};

class TargetWorker;

// The listening socket and its epoll worker threads.
class TargetServer
{
public:
    explicit TargetServer(TargetOptions options);
    ~TargetServer();
    TargetServer(const TargetServer &) = delete;
    TargetServer &operator=(const TargetServer &) = delete;

    // Binds and listens; false with a message on failure.
    bool listen(std::string *error);
    int port() const { return m_port; }
    std::string address() const;
    // Starts the workers; returns at once.
    void start();
    // Asks the workers to flush what they owe and stop; joins them.
    void stop();
    // Readable when a worker decided the server should stop (--max-requests reached).
    int stopRequestedFd() const { return m_stopFd; }

    const TargetStats &stats() const { return m_stats; }

private:
    friend class TargetWorker;
    void requestStop();
    std::string statsJson() const;

    TargetOptions m_options;
    int m_listenFd = -1;
    int m_stopFd = -1;
    int m_port = 0;
    int64_t m_startNs = 0;
    TargetStats m_stats;
    std::string m_okBody;
    ShopApi m_shop;
    std::vector<std::unique_ptr<TargetWorker>> m_workers;
    std::vector<std::thread> m_threads;
};

int64_t monotonicNs();

} // namespace lw::target
