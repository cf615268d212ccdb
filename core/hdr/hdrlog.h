#pragma once

#include "hdr/hdrhistogram.h"

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace lw::hdr {

// Writes an HdrHistogram interval log (.hlog, format 1.3), the text format read by the reference
// HistogramLogReader / HistogramLogProcessor:
//   #[Logged with ...]  #[Histogram log format version 1.3]  #[StartTime: ...]  #[BaseTime: ...]
//   "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
//   [Tag=name,]start,length,max,<base64 V2 compressed histogram>
// Timestamps are seconds relative to BaseTime. Output is locale-independent.
class HdrLogWriter
{
public:
    explicit HdrLogWriter(std::ostream &out) : m_out(out) {}

    // Divides Interval_Max on output; the default turns microseconds into milliseconds.
    void setMaxValueUnitRatio(double ratio) { m_maxValueUnitRatio = ratio > 0 ? ratio : 1.0; }

    // Writes the comment header and legend. startTimeMs and baseTimeMs are ms since the Unix epoch.
    void writeHeader(int64_t startTimeMs, int64_t baseTimeMs);
    void writeComment(std::string_view text);
    // Writes one interval line. Tags may not hold ',', ' ', '\r' or '\n' (replaced by '_').
    void writeInterval(const HdrHistogram &histogram, double startSec, double lengthSec,
                       std::string_view tag = {});
    // Same for a histogram already encoded (base64 V2 compressed, e.g. as stored): no re-encoding.
    // maxValue is the histogram's max() in its own unit (divided by the unit ratio on output).
    void writeEncodedInterval(std::string_view encoded, int64_t maxValue, double startSec, double lengthSec,
                              std::string_view tag = {});
    // Same, taking start and length from the histogram's start/end timestamps.
    void writeInterval(const HdrHistogram &histogram, std::string_view tag = {});
    bool ok() const { return m_out.good(); }

private:
    std::ostream &m_out;
    double m_maxValueUnitRatio = 1000.0;
    int64_t m_baseTimeMs = 0;
};

struct HdrLogEntry
{
    std::string tag;
    double startTimestampSec = 0; // absolute (BaseTime applied)
    double intervalLengthSec = 0;
    double intervalMax = 0; // as written in the log (its own unit)
    HdrHistogram histogram;
};

// Reads a .hlog written by HdrLogWriter or by the reference implementations, one entry at a time.
class HdrLogReader
{
public:
    explicit HdrLogReader(std::istream &in) : m_in(in) {}

    // The next interval, or nullopt at the end or on error (then error() is non-empty and names the line).
    std::optional<HdrLogEntry> next();
    const std::string &error() const { return m_error; }
    double startTimeSec() const { return m_startTimeSec; }
    double baseTimeSec() const { return m_baseTimeSec; }

    // Reads every entry; false (with a message) on the first malformed line.
    static bool readAll(std::istream &in, std::vector<HdrLogEntry> &entries, std::string *error = nullptr);

private:
    bool fail(std::string message);

    std::istream &m_in;
    std::string m_error;
    int64_t m_lineNumber = 0;
    double m_startTimeSec = 0;
    double m_baseTimeSec = 0;
    bool m_haveStartTime = false;
    bool m_haveBaseTime = false;
};

} // namespace lw::hdr
