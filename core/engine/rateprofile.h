#pragma once

#include "engine/runspec.h"

#include <cstdint>
#include <vector>

namespace lw::engine {

// A piecewise-linear level over time (requests/s for the open model, VUs for the closed one) built from
// the stages, optionally scaled and capped. Times are nanoseconds from the run start.
//
// The open model sends its n-th request at the time the integral of the rate reaches n (timeOfArrival),
// so a ramp yields exactly the arrivals its area promises and a constant rate is evenly spaced.
class RateProfile
{
public:
    RateProfile() = default;
    // share scales every level (a worker's share of the total); cap limits the level (0: none).
    RateProfile(const RunSpec &spec, double share, double scale = 1.0, double cap = 0);

    // Replaces the levels from time fromNs on by a constant level (set_rate with an absolute rate).
    void overrideConstant(int64_t fromNs, double level);
    // Multiplies the levels from fromNs on by factor (set_rate with a scale), re-applying the cap.
    void rescale(int64_t fromNs, double factor);

    double levelAt(int64_t ns) const;
    // Arrivals expected in [0, ns].
    double cumulativeAt(int64_t ns) const;
    // Time at which the cumulative arrivals reach n; endNs() (or beyond) when they never do.
    int64_t timeOfArrival(double n) const;
    int64_t endNs() const { return m_endNs; }

private:
    struct Segment
    {
        int64_t startNs, endNs;
        double r0, r1;         // level at start and end (linear in between)
        double cumulativeBase; // arrivals before startNs
    };
    void build(const std::vector<Segment> &raw);
    void applyCap(std::vector<Segment> &segs) const;

    std::vector<Segment> m_segments;
    int64_t m_endNs = 0;
    double m_cap = 0;
};

} // namespace lw::engine
