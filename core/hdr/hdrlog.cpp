#include "hdr/hdrlog.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace lw::hdr {

namespace {

// std::to_chars ignores the C locale, unlike printf("%.3f") under a German LC_NUMERIC.
std::string fixed3(double v)
{
    if (!std::isfinite(v))
        v = 0.0;
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 3);
    return std::string(buf, res.ptr);
}

bool parseDouble(std::string_view s, double &out)
{
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    const auto res = std::from_chars(s.data(), s.data() + s.size(), out);
    return res.ec == std::errc() && std::isfinite(out);
}

// Java's Date.toString() shape, in UTC and without locale-dependent names.
std::string dateString(int64_t ms)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s %s %02d %02d:%02d:%02d UTC %d", days[tm.tm_wday % 7],
                  months[tm.tm_mon % 12], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
    return buf;
}

std::string_view firstToken(std::string_view s)
{
    const size_t end = s.find_first_of(" ]");
    return s.substr(0, end);
}

bool startsWith(std::string_view s, std::string_view prefix)
{
    return s.substr(0, prefix.size()) == prefix;
}

} // namespace

void HdrLogWriter::writeHeader(int64_t startTimeMs, int64_t baseTimeMs)
{
    m_baseTimeMs = baseTimeMs;
    m_out << "#[Logged with Loadwright " << LW_HDR_VERSION << "]\n";
    m_out << "#[Histogram log format version 1.3]\n";
    m_out << "#[StartTime: " << fixed3(double(startTimeMs) / 1000.0) << " (seconds since epoch), "
          << dateString(startTimeMs) << "]\n";
    m_out << "#[BaseTime: " << fixed3(double(baseTimeMs) / 1000.0) << " (seconds since epoch)]\n";
    m_out << "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n";
    m_out.flush();
}

void HdrLogWriter::writeComment(std::string_view text)
{
    m_out << '#';
    for (char c : text)
        m_out << (c == '\n' || c == '\r' ? ' ' : c);
    m_out << '\n';
}

void HdrLogWriter::writeInterval(const HdrHistogram &histogram, double startSec, double lengthSec,
                                 std::string_view tag)
{
    writeEncodedInterval(histogram.encodeCompressed(), histogram.max(), startSec, lengthSec, tag);
}

void HdrLogWriter::writeEncodedInterval(std::string_view encoded, int64_t maxValue, double startSec,
                                        double lengthSec, std::string_view tag)
{
    std::string line;
    if (!tag.empty()) {
        line += "Tag=";
        for (char c : tag)
            line += (c == ',' || c == ' ' || c == '\r' || c == '\n') ? '_' : c;
        line += ',';
    }
    line += fixed3(startSec);
    line += ',';
    line += fixed3(lengthSec);
    line += ',';
    line += fixed3(double(maxValue) / m_maxValueUnitRatio);
    line += ',';
    line += encoded;
    line += '\n';
    m_out << line;
    m_out.flush();
}

void HdrLogWriter::writeInterval(const HdrHistogram &histogram, std::string_view tag)
{
    const double start = double(histogram.startTimeMs() - m_baseTimeMs) / 1000.0;
    const double length = double(histogram.endTimeMs() - histogram.startTimeMs()) / 1000.0;
    writeInterval(histogram, start, length, tag);
}

bool HdrLogReader::fail(std::string message)
{
    m_error = "line " + std::to_string(m_lineNumber) + ": " + message;
    return false;
}

std::optional<HdrLogEntry> HdrLogReader::next()
{
    std::string raw;
    while (m_error.empty() && std::getline(m_in, raw)) {
        ++m_lineNumber;
        std::string_view line(raw);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty())
            continue;
        if (startsWith(line, "#[StartTime: ")) {
            if (!parseDouble(firstToken(line.substr(13)), m_startTimeSec)) {
                fail("malformed StartTime");
                return std::nullopt;
            }
            m_haveStartTime = true;
            continue;
        }
        if (startsWith(line, "#[BaseTime: ")) {
            if (!parseDouble(firstToken(line.substr(12)), m_baseTimeSec)) {
                fail("malformed BaseTime");
                return std::nullopt;
            }
            m_haveBaseTime = true;
            continue;
        }
        if (line.front() == '#' || startsWith(line, "\"StartTimestamp\""))
            continue;

        HdrLogEntry entry;
        if (startsWith(line, "Tag=")) {
            const size_t comma = line.find(',');
            if (comma == std::string_view::npos) {
                fail("tag without interval data");
                return std::nullopt;
            }
            entry.tag = std::string(line.substr(4, comma - 4));
            line.remove_prefix(comma + 1);
        }
        std::string_view fields[4];
        for (int i = 0; i < 3; ++i) {
            const size_t comma = line.find(',');
            if (comma == std::string_view::npos) {
                fail("expected 4 comma-separated fields");
                return std::nullopt;
            }
            fields[i] = line.substr(0, comma);
            line.remove_prefix(comma + 1);
        }
        fields[3] = line;
        double start = 0;
        if (!parseDouble(fields[0], start) || !parseDouble(fields[1], entry.intervalLengthSec) ||
            !parseDouble(fields[2], entry.intervalMax)) {
            fail("malformed number in interval line");
            return std::nullopt;
        }
        std::string why;
        auto histogram = HdrHistogram::decodeCompressed(fields[3], &why);
        if (!histogram) {
            fail("bad histogram: " + why);
            return std::nullopt;
        }
        if (!m_haveStartTime) {
            m_startTimeSec = start;
            m_haveStartTime = true;
        }
        if (!m_haveBaseTime) {
            // As the Java reader does: timestamps more than a year before StartTime are relative.
            m_baseTimeSec = start < m_startTimeSec - 365.0 * 24 * 3600 ? m_startTimeSec : 0.0;
            m_haveBaseTime = true;
        }
        entry.startTimestampSec = start + m_baseTimeSec;
        entry.histogram = std::move(*histogram);
        entry.histogram.setStartTimeMs(std::llround(entry.startTimestampSec * 1000.0));
        entry.histogram.setEndTimeMs(
            std::llround((entry.startTimestampSec + entry.intervalLengthSec) * 1000.0));
        return entry;
    }
    return std::nullopt;
}

bool HdrLogReader::readAll(std::istream &in, std::vector<HdrLogEntry> &entries, std::string *error)
{
    HdrLogReader reader(in);
    while (auto entry = reader.next())
        entries.push_back(std::move(*entry));
    if (!reader.error().empty()) {
        if (error)
            *error = reader.error();
        return false;
    }
    return true;
}

} // namespace lw::hdr
