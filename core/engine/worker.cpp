#include "engine/worker.h"

#include "engine/clock.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace lw::engine {

namespace {
constexpr uint32_t kWakeIndex = 0xffffffffu; // epoll data of the wake-up eventfd
} // namespace

Worker::Worker(const WorkerConfig &config)
    : m_cfg(config), m_spec(*config.spec), m_open(config.spec->model == LoadModelKind::Open),
      m_stats{IntervalStats(config.spec->requests.size(), config.plan->transactionNames().size(),
                            config.plan->scenarios().size(), config.plan->checkNames().size()),
              IntervalStats(config.spec->requests.size(), config.plan->transactionNames().size(),
                            config.plan->scenarios().size(), config.plan->checkNames().size())},
      m_rng(0x9e3779b97f4a7c15ull ^ (static_cast<uint64_t>(config.index + 1) * 0xbf58476d1ce4e5b9ull) ^
            static_cast<uint64_t>(config.startNs))
{}

Worker::~Worker()
{
    for (Connection &c : m_conns)
        closeSocket(c);
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

bool Worker::init(std::string &error)
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_epoll < 0 || m_wakeFd < 0) {
        error = "cannot create the event loop (epoll/eventfd)";
        return false;
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kWakeIndex;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &ev);
    m_origins = m_cfg.requests->origins();
    m_idle.resize(m_origins.size());
    int slots = m_cfg.maxConnections;
    if (m_open) {
        const double share = 1.0 / m_cfg.count;
        m_profile = RateProfile(m_spec, share, 1.0, m_spec.rateCap * share);
        m_phase = static_cast<double>(m_cfg.index) / m_cfg.count;
        m_nextSendNs = m_cfg.startNs + m_profile.timeOfArrival(m_phase);
        m_maxQueue = static_cast<size_t>(std::max(1, shareOf(m_spec.maxQueue, m_cfg.index, m_cfg.count)));
    } else {
        m_vuProfile = RateProfile(m_spec, 1.0);
        double peak = m_spec.startLevel;
        for (const StageSpec &s : m_spec.stages)
            peak = std::max(peak, s.target);
        // Slots for the stages' peak, or up to max_connections so set_rate can add virtual users.
        const int total = std::max(static_cast<int>(std::lround(peak)), m_spec.maxConnections);
        slots = shareOf(total, m_cfg.index, m_cfg.count);
        m_thinkHeap.reserve(static_cast<size_t>(slots) + 1);
    }
    m_conns.resize(static_cast<size_t>(std::max(0, slots)));
    m_free.reserve(m_conns.size());
    for (size_t i = m_conns.size(); i-- > 0;) {
        m_conns[i].index = static_cast<uint32_t>(i);
        m_free.push_back(static_cast<uint32_t>(i));
    }
    for (auto &v : m_idle)
        v.reserve(m_conns.size());
    if (!m_cfg.plan->empty()) {
        m_vus.resize(m_conns.size());
        for (size_t i = 0; i < m_vus.size(); ++i) {
            m_vus[i].values.resize(m_cfg.plan->valueCount());
            m_vus[i].rows.assign(m_cfg.plan->data().size(), -1);
            m_vus[i].rng = nextRandom() | 1;
        }
        m_thinkHeap.reserve(m_conns.size() + 1);
    }
    m_readBuf.reset(new char[kReadBufSize]);
    m_events.reset(new epoll_event[kMaxEvents]);
    return true;
}

void Worker::requestStop()
{
    m_stopRequested.store(true);
    const uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(m_wakeFd, &one, sizeof one);
}

void Worker::emergencyStop()
{
    m_emergency.store(true);
    requestStop();
}

void Worker::setRate(bool absolute, double value)
{
    {
        std::lock_guard<std::mutex> lock(m_controlMutex);
        m_rateAbsolute = absolute;
        m_rateValue = value;
    }
    m_rateChanged.store(true);
    const uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(m_wakeFd, &one, sizeof one);
}

IntervalStats &Worker::swapStats()
{
    std::lock_guard<std::mutex> lock(m_statsMutex);
    IntervalStats &done = m_stats[m_cur];
    m_cur ^= 1;
    done.activeConnections = m_openConnections.load(std::memory_order_relaxed);
    done.activeVus = m_activeVus.load(std::memory_order_relaxed);
    return done;
}

std::string Worker::takeWarning()
{
    std::lock_guard<std::mutex> lock(m_controlMutex);
    std::string w;
    w.swap(m_warning);
    return w;
}

void Worker::run()
{
    int64_t now = monotonicNs();
    for (;;) {
        {
            std::lock_guard<std::mutex> lock(m_statsMutex);
            m_s = &m_stats[m_cur];
            loopIteration(now);
            if (m_finished.load(std::memory_order_relaxed))
                break;
        }
        const int64_t wait = std::max<int64_t>(0, nextWakeNs(now) - now);
        timespec ts{static_cast<time_t>(wait / 1'000'000'000), static_cast<long>(wait % 1'000'000'000)};
        const int n = epoll_pwait2(m_epoll, m_events.get(), kMaxEvents, &ts, nullptr);
        now = monotonicNs();
        if (n <= 0)
            continue;
        std::lock_guard<std::mutex> lock(m_statsMutex);
        m_s = &m_stats[m_cur];
        for (int i = 0; i < n; ++i) {
            const uint64_t data = m_events[i].data.u64;
            const uint32_t index = static_cast<uint32_t>(data);
            if (index == kWakeIndex) {
                uint64_t v;
                [[maybe_unused]] auto r = ::read(m_wakeFd, &v, sizeof v);
                continue;
            }
            Connection &c = m_conns[index];
            if (c.fd < 0 || c.generation != static_cast<uint32_t>(data >> 32))
                continue; // event of a socket closed earlier in this batch
            handleEvent(c, m_events[i].events, now);
        }
    }
    m_s = nullptr;
}

void Worker::loopIteration(int64_t now)
{
    if (m_emergency.load(std::memory_order_relaxed)) {
        for (Connection &c : m_conns)
            closeSocket(c);
        m_finished.store(true, std::memory_order_release);
        return;
    }
    applyControls(now);
    // Sends that fell due before the end are still sent when the loop wakes late (they measure the lag).
    if (m_open && !m_stopping && !m_stopRequested.load(std::memory_order_relaxed))
        dispatchDue(now);
    const int64_t endNs = m_cfg.startNs + (m_open ? m_profile.endNs() : m_vuProfile.endNs());
    if (!m_stopping && (m_stopRequested.load(std::memory_order_relaxed) || now >= endNs ||
                        (m_open && m_sendingDone) || m_dataExhausted)) {
        m_stopping = true;
        m_stopDeadlineNs = now + m_spec.gracefulStopNs;
        m_s->dropped += m_queue.size(); // due before the end but never sent
        m_queue.clear();
        for (Connection &c : m_conns) {
            if (inIteration(c))
                continue; // finishes its iteration within the graceful stop
            if (!c.busy() && c.fd >= 0)
                closeSocket(c);
            if (!c.busy() && c.vuActive) {
                c.vuActive = false;
                c.state = Connection::State::Free;
                --m_vuCount;
            }
        }
        // Only iterations in progress keep their pauses.
        m_thinkHeap.erase(std::remove_if(m_thinkHeap.begin(), m_thinkHeap.end(),
                                         [this](const auto &e) { return !inIteration(m_conns[e.second]); }),
                          m_thinkHeap.end());
        std::make_heap(m_thinkHeap.begin(), m_thinkHeap.end(), std::greater<>());
        m_activeVus.store(m_vuCount, std::memory_order_relaxed);
    }
    if (m_stopping) {
        wakeThinkers(now);
        expireTimeouts(now);
        if ((m_inFlight == 0 && m_activeIterations == 0) || now >= m_stopDeadlineNs) {
            for (Connection &c : m_conns)
                closeSocket(c);
            m_finished.store(true, std::memory_order_release);
        }
        return;
    }
    if (m_open) {
        dispatchDue(now);
        // Queued sends wait at most one timeout, then count as dropped.
        while (!m_queue.empty() && m_queue.front().intendedNs + m_spec.timeoutNs <= now) {
            m_queue.pop_front();
            ++m_s->dropped;
        }
        serveQueue(now);
        if (!m_thinkHeap.empty())
            wakeThinkers(now); // steps of iterations after their think time
    } else {
        adjustVus(now);
        wakeThinkers(now);
    }
    expireTimeouts(now);
    if (m_open)
        serveQueue(now); // slots freed by timeouts
}

void Worker::applyControls(int64_t now)
{
    if (!m_rateChanged.exchange(false))
        return;
    bool absolute;
    double value;
    {
        std::lock_guard<std::mutex> lock(m_controlMutex);
        absolute = m_rateAbsolute;
        value = m_rateValue;
    }
    const int64_t rel = now - m_cfg.startNs;
    if (m_open) {
        if (absolute)
            m_profile.overrideConstant(rel, value / m_cfg.count);
        else
            m_profile.rescale(rel, value);
        // Arrivals so far stay valid: the profile before now is unchanged. Restart from now.
        m_arrivals = std::max(m_arrivals, m_profile.cumulativeAt(rel) - m_phase);
        m_nextSendNs = m_cfg.startNs + m_profile.timeOfArrival(m_arrivals + m_phase);
        m_sendingDone = false;
    } else {
        if (absolute)
            m_vuProfile.overrideConstant(rel, value);
        else
            m_vuProfile.rescale(rel, value);
    }
}

void Worker::expireTimeouts(int64_t now)
{
    while (m_head && m_head->startedNs + m_spec.timeoutNs <= now) {
        Connection &c = *m_head;
        const ErrorClass cls = c.state == Connection::State::Connecting    ? ErrorClass::Connect
                               : c.state == Connection::State::Handshaking ? ErrorClass::Tls
                                                                           : ErrorClass::Timeout;
        fail(c, cls == ErrorClass::Timeout ? ErrorClass::Timeout : cls, now);
    }
}

int64_t Worker::nextWakeNs(int64_t now) const
{
    int64_t next = now + 250'000'000; // controls also wake us through the eventfd
    if (m_finished.load(std::memory_order_relaxed))
        return now;
    if (m_stopping)
        next = std::min(next, m_stopDeadlineNs);
    else
        next = std::min(next, m_cfg.startNs + (m_open ? m_profile.endNs() : m_vuProfile.endNs()));
    if (m_open && !m_stopping && !m_sendingDone)
        next = std::min(next, m_nextSendNs);
    if (!m_queue.empty())
        next = std::min(next, m_queue.front().intendedNs + m_spec.timeoutNs);
    if (!m_thinkHeap.empty())
        next = std::min(next, m_thinkHeap.front().first);
    if (m_head)
        next = std::min(next, m_head->startedNs + m_spec.timeoutNs);
    if (!m_open && !m_stopping)
        next = std::min(next, now + 50'000'000); // follow VU ramps at 50 ms resolution
    return next;
}

void Worker::listAppend(Connection &c)
{
    if (c.inFlightList)
        return;
    c.inFlightList = true;
    c.prev = m_tail;
    c.next = nullptr;
    if (m_tail)
        m_tail->next = &c;
    else
        m_head = &c;
    m_tail = &c;
    ++m_inFlight;
}

void Worker::listRemove(Connection &c)
{
    if (!c.inFlightList)
        return;
    c.inFlightList = false;
    if (c.prev)
        c.prev->next = c.next;
    else
        m_head = c.next;
    if (c.next)
        c.next->prev = c.prev;
    else
        m_tail = c.prev;
    c.prev = c.next = nullptr;
    --m_inFlight;
}

} // namespace lw::engine
