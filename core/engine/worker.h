#pragma once

#include "engine/connection.h"
#include "engine/intervalstats.h"
#include "engine/rateprofile.h"
#include "engine/requestset.h"
#include "engine/runspec.h"
#include "engine/scenarioplan.h"

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

typedef struct ssl_ctx_st SSL_CTX;
struct epoll_event;

namespace lw::engine {

// Worker index's share of total when split over count workers (the shares add up to total).
inline int shareOf(int total, int index, int count)
{
    return (total + count - 1 - index) / count;
}

struct WorkerConfig
{
    const RunSpec *spec = nullptr;
    const RequestSet *requests = nullptr;
    const ScenarioPlan *plan = nullptr; // never null while running (empty without scenarios)
    SSL_CTX *tls = nullptr;
    int index = 0;
    int count = 1;
    int64_t startNs = 0;    // run start, CLOCK_MONOTONIC
    int maxConnections = 1; // this worker's share
};

// One thread with its own epoll loop, connections and share of the load. Everything on the hot path
// is preallocated. Other threads talk to it only through the thread-safe methods below.
class Worker
{
public:
    explicit Worker(const WorkerConfig &config);
    ~Worker();
    Worker(const Worker &) = delete;
    Worker &operator=(const Worker &) = delete;

    bool init(std::string &error);
    void run(); // the thread body; returns when the run is over or stopped

    // Thread-safe controls (wake the loop through an eventfd).
    void requestStop();   // graceful: no new sends, in-flight finish up to the graceful timeout
    void emergencyStop(); // close every socket now
    void setRate(bool absolute, double value); // absolute: this worker's req/s; else a factor

    // Collector side: flips the double-buffered stats and returns the finished interval. The caller
    // must reset() it before the next call.
    IntervalStats &swapStats();
    bool finished() const { return m_finished.load(std::memory_order_acquire); }
    int openConnections() const { return m_openConnections.load(std::memory_order_relaxed); }
    int activeVus() const { return m_activeVus.load(std::memory_order_relaxed); }
    // Non-empty when the worker hit a condition worth a warning (e.g. a redirect to a refused host).
    std::string takeWarning();

private:
    struct Queued
    {
        int64_t intendedNs;
        int request;
    };
    void loopIteration(int64_t now);
    void handleEvent(Connection &c, uint32_t events, int64_t now);
    void applyControls(int64_t now);
    void dispatchDue(int64_t now);
    void serveQueue(int64_t now);
    void adjustVus(int64_t now);
    void wakeThinkers(int64_t now);
    void expireTimeouts(int64_t now);
    int64_t nextWakeNs(int64_t now) const;

    Connection *acquire(int origin);
    void startRequest(Connection &c, int request, int64_t intendedNs, int64_t now);
    void beginConnect(Connection &c, int origin, int64_t now);
    void onConnected(Connection &c, int64_t now);
    void continueHandshake(Connection &c, int64_t now);
    void writeRequest(Connection &c, int64_t now);
    bool flushHttp2(Connection &c);
    void readHttp2(Connection &c, int64_t now);
    void retryOrFail(Connection &c, int64_t now);
    void readResponse(Connection &c, int64_t now);
    void complete(Connection &c, int64_t now);
    bool followRedirect(Connection &c, int64_t now);
    void fail(Connection &c, ErrorClass cls, int64_t now);
    void afterRequest(Connection &c, int64_t now); // model-specific: next send, think, idle, retire
    void closeSocket(Connection &c);
    void setInterest(Connection &c, bool wantWrite);
    void listAppend(Connection &c);
    void listRemove(Connection &c);
    void scheduleThink(Connection &c, int64_t now);
    int pickRequest();

    // Scenarios (workerscenario.cpp). A unit is what an arrival or a VU starts: a target (>= 0, its
    // request index) or a scenario iteration (-1 - scenario index).
    struct VuState
    {
        int scenario = -1; // iteration in progress, -1 none
        int step = 0;
        int64_t iterationStartNs = 0;
        int64_t transactionStartNs = 0;
        int64_t iteration = 0;
        uint64_t rng = 0;
        std::vector<std::string> values;
        std::vector<int64_t> rows; // per data source: the VU's row (per_vu), -1 none yet
        CookieJar jar;
        std::string wire;
        std::string body;
        Http2Request h2; // the rendered step for an HTTP/2 connection (slots reused)
        std::string h2Body;
    };
    int pickUnit();
    int originOfUnit(int unit) const;
    void startUnit(Connection &c, int unit, int64_t intendedNs, int64_t now);
    bool startIteration(Connection &c, int scenario, int64_t intendedNs, int64_t now);
    void startStep(Connection &c, int64_t intendedNs, int64_t now);
    bool inIteration(const Connection &c) const { return !m_vus.empty() && m_vus[c.index].scenario >= 0; }
    // Evaluates the finished step; true when the iteration goes on (the caller then calls nextStep).
    bool evaluateStep(Connection &c, int status, bool httpError, int64_t latencyNs);
    void nextStep(Connection &c, int64_t now);
    void endIteration(Connection &c, bool completed, int64_t now);
    void prepareStepWire(Connection &c);
    // Follows a redirect of a scenario step: applies the redirect's cookies and writes the request to
    // next into c.redirectWire. Returns whether the method (and body) were kept.
    bool redirectStep(Connection &c, const Url &from, const Url &next, bool keepMethod);
    std::vector<VuState> m_vus;
    int m_activeIterations = 0;
    bool m_dataExhausted = false;
    std::vector<std::pair<std::string, std::string>> m_responseHeaders; // scratch
    std::string m_cookieScratch;
    std::string m_redirectScratch;
    uint64_t nextRandom();
    int targetVus(int64_t now) const;
    int findOrAddOrigin(const Url &url, std::string &error);

    WorkerConfig m_cfg;
    const RunSpec &m_spec;
    bool m_open;
    int m_epoll = -1;
    int m_wakeFd = -1;
    std::vector<Connection> m_conns;
    std::vector<std::vector<uint32_t>> m_idle; // per origin: idle connected slots
    std::vector<uint32_t> m_free;              // slots without a socket
    std::vector<Origin> m_origins;
    Connection *m_head = nullptr;
    Connection *m_tail = nullptr;
    int m_inFlight = 0;

    // Open model.
    RateProfile m_profile;
    double m_arrivals = 0; // arrivals issued since m_profileBaseNs
    double m_phase = 0;
    int64_t m_profileBaseNs = 0;
    int64_t m_nextSendNs = 0;
    bool m_sendingDone = false;
    std::deque<Queued> m_queue; // bounded by maxQueue; std::deque reuses its blocks
    size_t m_maxQueue = 0;

    // Closed model.
    RateProfile m_vuProfile;
    int m_vuCount = 0;                                     // slots in use as VUs
    std::vector<std::pair<int64_t, uint32_t>> m_thinkHeap; // min-heap of (wake time, slot)

    // Stop and control.
    std::atomic<bool> m_stopRequested{false};
    std::atomic<bool> m_emergency{false};
    std::atomic<bool> m_rateChanged{false};
    std::mutex m_controlMutex;
    bool m_rateAbsolute = false;
    double m_rateValue = 1.0;
    bool m_stopping = false;
    int64_t m_stopDeadlineNs = 0;
    std::atomic<bool> m_finished{false};
    std::atomic<int> m_openConnections{0};
    std::atomic<int> m_activeVus{0};
    std::string m_warning;

    std::mutex m_statsMutex;
    IntervalStats m_stats[2];
    int m_cur = 0;
    IntervalStats *m_s = nullptr; // m_stats[m_cur] while the loop holds m_statsMutex

    uint64_t m_rng;
    std::unique_ptr<char[]> m_readBuf;
    static constexpr size_t kReadBufSize = 64 * 1024;
    std::unique_ptr<epoll_event[]> m_events;
    static constexpr int kMaxEvents = 256;
};

} // namespace lw::engine
