// Worker: the load models. Open: arrivals from the rate profile, connection acquisition, the bounded
// queue. Closed: virtual users following the stage profile, with think time.
#include "engine/worker.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace lw::engine {

int Worker::pickRequest()
{
    if (m_cfg.requests->requests().size() <= 1)
        return 0;
    const double u = static_cast<double>(nextRandom() >> 11) * 0x1.0p-53;
    return m_cfg.requests->pick(u);
}

uint64_t Worker::nextRandom()
{
    // splitmix64: tiny and good enough for weighted choice and think-time jitter.
    uint64_t z = (m_rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void Worker::dispatchDue(int64_t now)
{
    const int64_t endNs = m_cfg.startNs + m_profile.endNs();
    while (!m_sendingDone && m_nextSendNs <= now) {
        if (m_nextSendNs >= endNs) { // the run's end is exclusive
            m_sendingDone = true;
            break;
        }
        const int64_t intended = m_nextSendNs;
        const int request = pickUnit();
        ++m_s->scheduled;
        if (m_queue.empty()) {
            if (Connection *c = acquire(originOfUnit(request))) {
                const int64_t lag = now - intended;
                m_s->maxLagNs = std::max(m_s->maxLagNs, lag);
                if (lag > m_spec.lagThresholdNs)
                    ++m_s->lateSends;
                startUnit(*c, request, intended, now);
            } else {
                m_queue.push_back(Queued{intended, request});
            }
        } else if (m_queue.size() < m_maxQueue) {
            m_queue.push_back(Queued{intended, request});
        } else {
            ++m_s->dropped;
        }
        m_arrivals += 1;
        m_nextSendNs = m_cfg.startNs + m_profile.timeOfArrival(m_arrivals + m_phase);
        if (m_nextSendNs >= endNs)
            m_sendingDone = true;
    }
}

void Worker::serveQueue(int64_t now)
{
    while (!m_queue.empty()) {
        const Queued q = m_queue.front();
        Connection *c = acquire(originOfUnit(q.request));
        if (!c)
            return;
        m_queue.pop_front();
        startUnit(*c, q.request, q.intendedNs, now);
    }
}

Connection *Worker::acquire(int origin)
{
    std::vector<uint32_t> &idle = m_idle[static_cast<size_t>(origin)];
    while (!idle.empty()) {
        Connection &c = m_conns[idle.back()];
        idle.pop_back();
        if (c.state == Connection::State::Idle && c.fd >= 0)
            return &c;
        if (c.state == Connection::State::Idle) // closed by the server while idle
            c.state = Connection::State::Free, m_free.push_back(c.index);
    }
    if (!m_free.empty()) {
        Connection &c = m_conns[m_free.back()];
        m_free.pop_back();
        return &c;
    }
    // All slots hold sockets: repurpose an idle one of another origin.
    for (std::vector<uint32_t> &other : m_idle) {
        while (!other.empty()) {
            Connection &c = m_conns[other.back()];
            other.pop_back();
            if (c.state == Connection::State::Idle) {
                closeSocket(c);
                return &c;
            }
        }
    }
    return nullptr;
}

int Worker::targetVus(int64_t now) const
{
    const int total = static_cast<int>(std::lround(m_vuProfile.levelAt(now - m_cfg.startNs)));
    return std::min(static_cast<int>(m_conns.size()), shareOf(total, m_cfg.index, m_cfg.count));
}

void Worker::adjustVus(int64_t now)
{
    const int target = targetVus(now);
    for (size_t i = 0; i < m_conns.size() && m_vuCount < target; ++i) {
        Connection &c = m_conns[i];
        if (c.vuActive || static_cast<int>(i) >= target)
            continue;
        if (c.state == Connection::State::Thinking)
            continue;
        c.vuActive = true;
        ++m_vuCount;
        startUnit(c, pickUnit(), now, now);
    }
    // Thinking VUs above the target retire now; busy ones when their request ends (afterRequest).
    if (m_vuCount > target) {
        for (size_t i = static_cast<size_t>(target); i < m_conns.size(); ++i) {
            Connection &c = m_conns[i];
            if (c.vuActive && c.state == Connection::State::Thinking && !inIteration(c)) {
                c.vuActive = false;
                --m_vuCount;
                closeSocket(c);
                c.state = Connection::State::Free;
            }
        }
    }
    m_activeVus.store(m_vuCount, std::memory_order_relaxed);
}

void Worker::scheduleThink(Connection &c, int64_t now)
{
    int64_t think = m_spec.thinkMinNs;
    if (m_spec.thinkMaxNs > m_spec.thinkMinNs)
        think += static_cast<int64_t>(nextRandom() %
                                      static_cast<uint64_t>(m_spec.thinkMaxNs - m_spec.thinkMinNs + 1));
    c.state = Connection::State::Thinking;
    m_thinkHeap.emplace_back(now + think, c.index);
    std::push_heap(m_thinkHeap.begin(), m_thinkHeap.end(), std::greater<>());
}

void Worker::wakeThinkers(int64_t now)
{
    while (!m_thinkHeap.empty() && m_thinkHeap.front().first <= now) {
        std::pop_heap(m_thinkHeap.begin(), m_thinkHeap.end(), std::greater<>());
        const int64_t wake = m_thinkHeap.back().first;
        const uint32_t index = m_thinkHeap.back().second;
        m_thinkHeap.pop_back();
        Connection &c = m_conns[index];
        if (c.state == Connection::State::Thinking && inIteration(c))
            startStep(c, wake, now); // the next step of an iteration: latency from its due time
        else if (c.vuActive && c.state == Connection::State::Thinking)
            startUnit(c, pickUnit(), now, now);
    }
}

} // namespace lw::engine
