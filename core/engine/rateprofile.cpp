#include "engine/rateprofile.h"

#include <algorithm>
#include <cmath>

namespace lw::engine {

RateProfile::RateProfile(const RunSpec &spec, double share, double scale, double cap) : m_cap(cap)
{
    std::vector<Segment> raw;
    int64_t t = 0;
    double level = spec.startLevel * share * scale;
    for (const StageSpec &s : spec.stages) {
        const double target = s.target * share * scale;
        if (s.durationNs <= 0)
            continue;
        const double from = s.step ? target : level;
        raw.push_back(Segment{t, t + s.durationNs, from, target, 0});
        t += s.durationNs;
        level = target;
    }
    m_endNs = t;
    applyCap(raw);
    build(raw);
}

void RateProfile::applyCap(std::vector<Segment> &segs) const
{
    if (m_cap <= 0)
        return;
    std::vector<Segment> out;
    for (const Segment &s : segs) {
        const bool over0 = s.r0 > m_cap, over1 = s.r1 > m_cap;
        if (over0 == over1) {
            out.push_back(Segment{s.startNs, s.endNs, std::min(s.r0, m_cap), std::min(s.r1, m_cap), 0});
            continue;
        }
        // Split where the ramp crosses the cap.
        const double f = (m_cap - s.r0) / (s.r1 - s.r0);
        const int64_t mid = s.startNs + static_cast<int64_t>(f * static_cast<double>(s.endNs - s.startNs));
        out.push_back(Segment{s.startNs, mid, std::min(s.r0, m_cap), m_cap, 0});
        out.push_back(Segment{mid, s.endNs, m_cap, std::min(s.r1, m_cap), 0});
    }
    segs.swap(out);
}

void RateProfile::build(const std::vector<Segment> &raw)
{
    m_segments = raw;
    double cum = 0;
    for (Segment &s : m_segments) {
        s.cumulativeBase = cum;
        cum += (s.r0 + s.r1) / 2 * static_cast<double>(s.endNs - s.startNs) / 1e9;
    }
}

void RateProfile::overrideConstant(int64_t fromNs, double level)
{
    std::vector<Segment> raw;
    for (const Segment &s : m_segments) {
        if (s.startNs >= fromNs)
            break;
        Segment c = s;
        if (c.endNs > fromNs) {
            c.r1 = levelAt(fromNs);
            c.endNs = fromNs;
        }
        raw.push_back(c);
    }
    if (fromNs < m_endNs)
        raw.push_back(Segment{fromNs, m_endNs, level, level, 0});
    applyCap(raw);
    build(raw);
}

void RateProfile::rescale(int64_t fromNs, double factor)
{
    std::vector<Segment> raw;
    for (const Segment &s : m_segments) {
        if (s.endNs <= fromNs) {
            raw.push_back(s);
        } else if (s.startNs >= fromNs) {
            raw.push_back(Segment{s.startNs, s.endNs, s.r0 * factor, s.r1 * factor, 0});
        } else {
            const double mid = levelAt(fromNs);
            raw.push_back(Segment{s.startNs, fromNs, s.r0, mid, 0});
            raw.push_back(Segment{fromNs, s.endNs, mid * factor, s.r1 * factor, 0});
        }
    }
    applyCap(raw);
    build(raw);
}

double RateProfile::levelAt(int64_t ns) const
{
    for (const Segment &s : m_segments) {
        if (ns >= s.startNs && ns < s.endNs) {
            const double f = static_cast<double>(ns - s.startNs) / static_cast<double>(s.endNs - s.startNs);
            return s.r0 + (s.r1 - s.r0) * f;
        }
    }
    return m_segments.empty() || ns < 0 ? 0 : m_segments.back().r1;
}

double RateProfile::cumulativeAt(int64_t ns) const
{
    for (const Segment &s : m_segments) {
        if (ns < s.endNs) {
            if (ns <= s.startNs)
                return s.cumulativeBase;
            const double dt = static_cast<double>(ns - s.startNs) / 1e9;
            const double d = static_cast<double>(s.endNs - s.startNs) / 1e9;
            return s.cumulativeBase + s.r0 * dt + (s.r1 - s.r0) / d * dt * dt / 2;
        }
    }
    if (m_segments.empty())
        return 0;
    const Segment &l = m_segments.back();
    return l.cumulativeBase + (l.r0 + l.r1) / 2 * static_cast<double>(l.endNs - l.startNs) / 1e9;
}

int64_t RateProfile::timeOfArrival(double n) const
{
    for (const Segment &s : m_segments) {
        const double d = static_cast<double>(s.endNs - s.startNs) / 1e9;
        const double area = (s.r0 + s.r1) / 2 * d;
        if (n > s.cumulativeBase + area)
            continue;
        const double rem = std::max(0.0, n - s.cumulativeBase);
        const double a = (s.r1 - s.r0) / d; // level slope per second
        double t;
        if (std::fabs(a) < 1e-12) {
            if (s.r0 <= 0)
                continue;
            t = rem / s.r0;
        } else {
            // r0 t + a t^2 / 2 = rem; take the root inside the segment.
            const double disc = s.r0 * s.r0 + 2 * a * rem;
            t = (-s.r0 + std::sqrt(std::max(0.0, disc))) / a;
        }
        t = std::clamp(t, 0.0, d);
        return s.startNs + static_cast<int64_t>(t * 1e9);
    }
    return m_endNs + 1;
}

} // namespace lw::engine
