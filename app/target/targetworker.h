#pragma once

#include "requestreader.h"
#include "shopapi.h"

#include <cstdint>
#include <deque>
#include <memory>
#include <queue>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace lw::target {

class TargetServer;

// One epoll loop: accepts from the shared listening socket (EPOLLEXCLUSIVE), reads requests,
// schedules each answer at its due time (latency, stalls) on a timerfd, and writes answers in
// request order per connection (pipelining-safe).
class TargetWorker
{
public:
    TargetWorker(TargetServer &server, int index, uint64_t seed);
    ~TargetWorker();
    void run();

private:
    enum class Kind : uint8_t
    {
        Normal,
        Error,
        Health,
        Stats,
        Continue,
        BadRequest,
        Shop // the demo shop's answer, computed when the request arrives
    };
    struct Pending
    {
        int64_t dueNs;
        Kind kind;
        bool close;
        bool head;
        int status;
        int64_t delayNs = -1; // injected delay (latency and stall), reported in X-Injected-Delay-Us
        std::shared_ptr<const ShopResponse> shop{}; // Kind::Shop
    };
    struct Conn
    {
        int fd = -1;
        uint64_t serial = 0;
        std::string in;
        std::string out;
        size_t outPos = 0;
        RequestReader reader;
        std::deque<Pending> pending;
        bool closing = false; // no more requests are read; close once pending and out are done
        uint32_t events = 0;
    };
    struct Timer
    {
        int64_t dueNs;
        int fd;
        uint64_t serial;
        bool operator>(const Timer &o) const { return dueNs > o.dueNs; }
    };

    void acceptAll();
    void setAcceptPaused(bool paused);
    void onReadable(Conn &c);
    bool service(Conn &c, int64_t now); // false when the connection was closed
    void parseRequests(Conn &c, int64_t now);
    void schedule(Conn &c, Kind kind, const RequestHead &head, int64_t now);
    void emitDue(Conn &c, int64_t now);
    void appendResponse(Conn &c, const Pending &p);
    bool flush(Conn &c); // false when the connection was closed
    bool backlogFull(const Conn &c) const;
    void updateInterest(Conn &c);
    void closeConn(Conn &c);
    void armTimer();
    void runTimers(int64_t now);
    void drainOnStop();
    int64_t stallAdjusted(int64_t dueNs, bool &stalled) const;

    TargetServer &m_server;
    int m_index;
    int m_epoll = -1;
    int m_timerFd = -1;
    int64_t m_armedNs = 0;
    bool m_acceptPaused = false;
    int64_t m_acceptResumeNs = 0;
    uint64_t m_nextSerial = 1;
    std::mt19937_64 m_rng;
    std::unordered_map<int, std::unique_ptr<Conn>> m_conns;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> m_timers;
};

} // namespace lw::target
