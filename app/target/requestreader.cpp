#include "requestreader.h"

#include <cctype>
#include <charconv>

namespace lw::target {

namespace {

constexpr size_t kMaxLineBytes = 8 * 1024;

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

// True when the comma-separated header value lists token (case-insensitively).
bool hasToken(std::string_view value, std::string_view token)
{
    while (!value.empty()) {
        const size_t comma = value.find(',');
        if (iequals(trim(value.substr(0, comma)), token))
            return true;
        if (comma == std::string_view::npos)
            break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

} // namespace

RequestReader::Result RequestReader::fail(int status, std::string why)
{
    m_errorStatus = status;
    m_error = std::move(why);
    return Result::Error;
}

bool RequestReader::parseHead(std::string_view head)
{
    m_head = RequestHead();
    m_chunked = false;
    m_remaining = 0;
    size_t eol = head.find('\n');
    const std::string_view requestLine = trim(head.substr(0, eol));
    head.remove_prefix(eol == std::string_view::npos ? head.size() : eol + 1);
    const size_t sp1 = requestLine.find(' ');
    const size_t sp2 = requestLine.rfind(' ');
    if (sp1 == std::string_view::npos || sp2 == sp1) {
        fail(400, "malformed request line");
        return false;
    }
    m_head.method = std::string(requestLine.substr(0, sp1));
    m_head.path = std::string(trim(requestLine.substr(sp1 + 1, sp2 - sp1 - 1)));
    const std::string_view version = requestLine.substr(sp2 + 1);
    if (version == "HTTP/1.1") {
        m_head.keepAlive = true;
    } else if (version == "HTTP/1.0") {
        m_head.keepAlive = false;
    } else {
        fail(400, "unsupported protocol version");
        return false;
    }
    for (char c : m_head.method) {
        if (!std::isupper(static_cast<unsigned char>(c))) {
            fail(400, "malformed method");
            return false;
        }
    }
    m_head.isHead = m_head.method == "HEAD";
    bool haveLength = false;
    while (!head.empty()) {
        eol = head.find('\n');
        const std::string_view line = head.substr(0, eol);
        head.remove_prefix(eol == std::string_view::npos ? head.size() : eol + 1);
        if (trim(line).empty())
            continue;
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            fail(400, "malformed header line");
            return false;
        }
        const std::string_view name = line.substr(0, colon);
        const std::string_view value = trim(line.substr(colon + 1));
        if (iequals(name, "content-length")) {
            uint64_t n = 0;
            const auto res = std::from_chars(value.data(), value.data() + value.size(), n);
            if (value.empty() || res.ec != std::errc() || res.ptr != value.data() + value.size() ||
                (haveLength && n != m_remaining)) {
                fail(400, "invalid Content-Length");
                return false;
            }
            m_remaining = n;
            haveLength = true;
        } else if (iequals(name, "transfer-encoding")) {
            m_chunked = hasToken(value, "chunked");
            if (!m_chunked) {
                fail(501, "unsupported Transfer-Encoding");
                return false;
            }
        } else if (iequals(name, "connection")) {
            if (hasToken(value, "close"))
                m_head.keepAlive = false;
            else if (hasToken(value, "keep-alive"))
                m_head.keepAlive = true;
        } else if (iequals(name, "authorization")) {
            m_head.authorization = std::string(value);
        } else if (iequals(name, "cookie")) {
            m_head.cookie = std::string(value);
        } else if (iequals(name, "x-session")) {
            m_head.sessionHeader = std::string(value);
        } else if (iequals(name, "expect")) {
            m_head.expectContinue = iequals(value, "100-continue");
        }
    }
    if (m_chunked)
        m_remaining = 0;
    return true;
}

RequestReader::Result RequestReader::feed(std::string_view input, size_t &consumed)
{
    consumed = 0;
    while (true) {
        const std::string_view rest = input.substr(consumed);
        switch (m_state) {
        case State::Head: {
            // Tolerate empty lines before a request (RFC 9112 section 2.2).
            size_t skip = 0;
            while (skip < rest.size() && (rest[skip] == '\r' || rest[skip] == '\n'))
                ++skip;
            consumed += skip;
            const std::string_view data = rest.substr(skip);
            size_t end = data.find("\r\n\r\n");
            size_t sepLen = 4;
            const size_t lf = data.find("\n\n");
            if (lf != std::string_view::npos && (end == std::string_view::npos || lf < end)) {
                end = lf;
                sepLen = 2;
            }
            if (end == std::string_view::npos) {
                if (data.size() > kMaxHeadBytes)
                    return fail(431, "request head larger than 64 KiB");
                return Result::NeedMore;
            }
            if (end > kMaxHeadBytes)
                return fail(431, "request head larger than 64 KiB");
            if (!parseHead(data.substr(0, end)))
                return Result::Error;
            consumed += end + sepLen;
            if (m_chunked) {
                m_state = State::ChunkSize;
                return Result::HeadComplete;
            }
            if (m_remaining > 0) {
                m_state = State::FixedBody;
                return Result::HeadComplete;
            }
            return Result::Complete;
        }
        case State::FixedBody: {
            const uint64_t take = std::min<uint64_t>(m_remaining, rest.size());
            if (m_head.body.size() < kMaxBodyBytes)
                m_head.body.append(rest.data(),
                                   std::min<size_t>(size_t(take), kMaxBodyBytes - m_head.body.size()));
            consumed += take;
            m_remaining -= take;
            if (m_remaining > 0)
                return Result::NeedMore;
            m_state = State::Head;
            return Result::Complete;
        }
        case State::ChunkSize:
        case State::Trailers: {
            const size_t eol = rest.find('\n');
            if (eol == std::string_view::npos) {
                if (rest.size() > kMaxLineBytes)
                    return fail(400, "chunk line too long");
                return Result::NeedMore;
            }
            std::string_view line = trim(rest.substr(0, eol));
            consumed += eol + 1;
            if (m_state == State::Trailers) {
                if (line.empty()) {
                    m_state = State::Head;
                    return Result::Complete;
                }
                continue;
            }
            line = trim(line.substr(0, line.find(';')));
            uint64_t size = 0;
            const auto res = std::from_chars(line.data(), line.data() + line.size(), size, 16);
            if (line.empty() || res.ec != std::errc() || res.ptr != line.data() + line.size())
                return fail(400, "invalid chunk size");
            if (size == 0) {
                m_state = State::Trailers;
            } else {
                m_remaining = size;
                m_state = State::ChunkData;
            }
            continue;
        }
        case State::ChunkData: {
            const uint64_t take = std::min<uint64_t>(m_remaining, rest.size());
            if (m_head.body.size() < kMaxBodyBytes)
                m_head.body.append(rest.data(),
                                   std::min<size_t>(size_t(take), kMaxBodyBytes - m_head.body.size()));
            consumed += take;
            m_remaining -= take;
            if (m_remaining > 0)
                return Result::NeedMore;
            m_state = State::ChunkDataEnd;
            continue;
        }
        case State::ChunkDataEnd: {
            if (rest.empty())
                return Result::NeedMore;
            if (rest[0] == '\n') {
                consumed += 1;
            } else if (rest[0] == '\r') {
                if (rest.size() < 2)
                    return Result::NeedMore;
                if (rest[1] != '\n')
                    return fail(400, "chunk data not followed by CRLF");
                consumed += 2;
            } else {
                return fail(400, "chunk data not followed by CRLF");
            }
            m_state = State::ChunkSize;
            continue;
        }
        }
    }
}

} // namespace lw::target
