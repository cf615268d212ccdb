#include "engine/http1parser.h"

#include <algorithm>
#include <cstring>

namespace lw::engine {

namespace {
enum Which : uint8_t
{
    None,
    ContentLength,
    TransferEncoding,
    Connection,
    Location
};

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

// Case-insensitive "token appears in a comma-separated list".
bool hasToken(const char *v, size_t n, const char *token)
{
    const size_t t = std::strlen(token);
    size_t i = 0;
    while (i < n) {
        while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
            ++i;
        size_t j = i;
        while (j < n && v[j] != ',')
            ++j;
        size_t e = j;
        while (e > i && (v[e - 1] == ' ' || v[e - 1] == '\t'))
            --e;
        if (e - i == t) {
            bool eq = true;
            for (size_t k = 0; k < t && eq; ++k)
                eq = lower(v[i + k]) == token[k];
            if (eq)
                return true;
        }
        i = j;
    }
    return false;
}
} // namespace

void Http1Parser::reset(bool headRequest, bool captureLocation)
{
    m_state = State::StatusLine;
    m_head = headRequest;
    m_captureLocation = captureLocation;
    m_started = false;
    m_keepAlive = true;
    m_http10 = false;
    m_chunked = false;
    m_hasLength = false;
    m_connectionClose = false;
    m_connectionKeepAlive = false;
    m_badLength = false;
    m_status = 0;
    m_headerBytes = 0;
    m_lineLen = 0;
    m_nameLen = 0;
    m_valueLen = 0;
    m_which = None;
    m_contentLength = 0;
    m_remaining = 0;
    m_bodyBytes = 0;
    m_chunkDigits = 0;
    m_location.clear();
    m_capturedHeaders.clear();
    m_capturedBody.clear();
    m_error = "";
}

void Http1Parser::captureBody(const char *data, size_t len)
{
    const size_t room = kMaxCapturedBody - std::min(kMaxCapturedBody, m_capturedBody.size());
    m_capturedBody.append(data, std::min(room, len));
}

Http1Parser::Result Http1Parser::fail(const char *why)
{
    m_state = State::Failed;
    m_error = why;
    return Result::Error;
}

bool Http1Parser::finishStatusLine()
{
    // "HTTP/1.x SSS" followed by a space, CR or the end of the line.
    if (m_lineLen < 12 || std::memcmp(m_line, "HTTP/1.", 7) != 0 || (m_line[7] != '0' && m_line[7] != '1') ||
        m_line[8] != ' ')
        return false;
    int s = 0;
    for (int i = 9; i < 12; ++i) {
        if (m_line[i] < '0' || m_line[i] > '9')
            return false;
        s = s * 10 + (m_line[i] - '0');
    }
    if (s < 100 || s > 999)
        return false;
    m_status = s;
    m_http10 = m_line[7] == '0';
    return true;
}

void Http1Parser::finishHeader()
{
    const char *v = m_value;
    size_t n = m_valueLen;
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
        --n;
    switch (m_which) {
    case ContentLength: {
        uint64_t len = 0;
        if (n == 0 || n > 18 || m_valueLen == sizeof m_value) {
            m_badLength = true;
            break;
        }
        for (size_t i = 0; i < n; ++i) {
            if (v[i] < '0' || v[i] > '9') {
                m_badLength = true;
                break;
            }
            len = len * 10 + static_cast<uint64_t>(v[i] - '0');
        }
        if (m_hasLength && len != m_contentLength)
            m_badLength = true;
        m_hasLength = true;
        m_contentLength = len;
        break;
    }
    case TransferEncoding:
        // chunked must be the final coding; a list ending in "chunked" is what matters in practice.
        m_chunked = n >= 7 && hasToken(v + n - 7, 7, "chunked");
        break;
    case Connection:
        if (hasToken(v, n, "close"))
            m_connectionClose = true;
        if (hasToken(v, n, "keep-alive"))
            m_connectionKeepAlive = true;
        break;
    case Location:
        while (!m_location.empty() && (m_location.back() == ' ' || m_location.back() == '\r'))
            m_location.pop_back();
        break;
    default:
        break;
    }
    m_which = None;
}

Http1Parser::Result Http1Parser::headersComplete(bool &done)
{
    done = false;
    if (m_status >= 100 && m_status < 200) {
        if (m_status == 101)
            return fail("unexpected 101 Switching Protocols");
        // Interim response: parse the next one.
        const bool head = m_head, cap = m_captureLocation;
        reset(head, cap);
        m_started = true;
        return Result::NeedMore;
    }
    m_keepAlive = m_http10 ? m_connectionKeepAlive : !m_connectionClose;
    if (m_head || m_status == 204 || m_status == 304) {
        m_state = State::Done;
        done = true;
        return Result::Complete;
    }
    if (m_chunked) {
        m_state = State::ChunkSize;
        m_remaining = 0;
        m_chunkDigits = 0;
        return Result::NeedMore;
    }
    if (m_badLength)
        return fail("invalid Content-Length");
    if (m_hasLength) {
        m_remaining = m_contentLength;
        if (m_remaining == 0) {
            m_state = State::Done;
            done = true;
            return Result::Complete;
        }
        m_state = State::BodyLength;
        return Result::NeedMore;
    }
    m_keepAlive = false;
    m_state = State::BodyUntilEof;
    return Result::NeedMore;
}

Http1Parser::Result Http1Parser::feed(const char *data, size_t len, size_t &used)
{
    size_t i = 0;
    bool done = false;
    if (len > 0)
        m_started = true;
    // Capture of the header block: a header state may consume many bytes at once, so the bytes are
    // taken as one range [from, where the header states end), on every way out of this function.
    struct HeaderCapture
    {
        Http1Parser &p;
        const char *data;
        const size_t &i;
        bool active;
        size_t from = 0;
        size_t to = SIZE_MAX;
        void check() // called at the top of each step: notes where the header states ended
        {
            if (active && to == SIZE_MAX && p.m_state > State::HeadersEndLf)
                to = i;
        }
        ~HeaderCapture()
        {
            if (active)
                p.m_capturedHeaders.append(data + from, std::min(to, i) - from);
        }
    } capture{*this, data, i, m_capture && m_state <= State::HeadersEndLf};
    while (i < len) {
        const char c = data[i];
        capture.check();
        switch (m_state) {
        case State::StatusLine:
            ++i;
            if (++m_headerBytes > kMaxHeaderBytes)
                return fail("status line too long");
            if (c == '\n') {
                if (!finishStatusLine())
                    return fail("malformed status line");
                m_state = State::HeaderLineStart;
            } else if (m_lineLen < sizeof m_line) {
                // Fail fast on garbage: the first bytes must spell "HTTP/".
                if (m_lineLen < 5 && c != "HTTP/"[m_lineLen])
                    return fail("response does not start with HTTP/");
                m_line[m_lineLen++] = c;
            }
            break;
        case State::HeaderLineStart:
            ++i;
            if (++m_headerBytes > kMaxHeaderBytes)
                return fail("response headers too large");
            if (c == '\r') {
                m_state = State::HeadersEndLf;
            } else if (c == '\n') {
                const Result r = headersComplete(done);
                if (r == Result::Error || done) {
                    used = i;
                    return r;
                }
            } else if (c == ' ' || c == '\t') {
                m_state = State::HeaderSkipLine; // obsolete line folding: ignore the continuation
            } else {
                m_nameLen = 0;
                m_name[m_nameLen++] = lower(c);
                m_state = State::HeaderName;
            }
            break;
        case State::HeadersEndLf:
            ++i;
            if (c != '\n')
                return fail("malformed end of headers");
            {
                const Result r = headersComplete(done);
                if (r == Result::Error || done) {
                    used = i;
                    return r;
                }
            }
            break;
        case State::HeaderName:
            ++i;
            if (++m_headerBytes > kMaxHeaderBytes)
                return fail("response headers too large");
            if (c == ':') {
                m_which = None;
                if (m_nameLen == 14 && std::memcmp(m_name, "content-length", 14) == 0)
                    m_which = ContentLength;
                else if (m_nameLen == 17 && std::memcmp(m_name, "transfer-encoding", 17) == 0)
                    m_which = TransferEncoding;
                else if (m_nameLen == 10 && std::memcmp(m_name, "connection", 10) == 0)
                    m_which = Connection;
                else if (m_captureLocation && m_nameLen == 8 && std::memcmp(m_name, "location", 8) == 0)
                    m_which = Location;
                m_valueLen = 0;
                m_state = m_which == None ? State::HeaderSkipLine : State::HeaderValue;
            } else if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
                return fail("malformed header line");
            } else if (m_nameLen < sizeof m_name) {
                m_name[m_nameLen++] = lower(c);
            } else {
                m_nameLen = sizeof m_name; // too long for any header we care about
            }
            break;
        case State::HeaderValue:
            ++i;
            if (++m_headerBytes > kMaxHeaderBytes)
                return fail("response headers too large");
            if (c == '\n') {
                finishHeader();
                m_state = State::HeaderLineStart;
            } else if (m_valueLen == 0 && (c == ' ' || c == '\t')) {
                // leading whitespace
            } else if (m_which == Location) {
                if (c != '\r' && m_location.size() < 8192)
                    m_location += c;
                m_valueLen = 1;
            } else if (m_valueLen < sizeof m_value) {
                m_value[m_valueLen++] = c;
            }
            break;
        case State::HeaderSkipLine: {
            const void *nl = std::memchr(data + i, '\n', len - i);
            const size_t upto = nl ? static_cast<size_t>(static_cast<const char *>(nl) - data) + 1 : len;
            m_headerBytes += static_cast<uint32_t>(upto - i);
            i = upto;
            if (m_headerBytes > kMaxHeaderBytes)
                return fail("response headers too large");
            if (nl)
                m_state = State::HeaderLineStart;
            break;
        }
        case State::BodyLength: {
            const uint64_t take = std::min<uint64_t>(m_remaining, len - i);
            if (m_capture)
                captureBody(data + i, size_t(take));
            i += take;
            m_remaining -= take;
            m_bodyBytes += take;
            if (m_remaining == 0) {
                m_state = State::Done;
                used = i;
                return Result::Complete;
            }
            break;
        }
        case State::BodyUntilEof:
            if (m_capture)
                captureBody(data + i, len - i);
            m_bodyBytes += len - i;
            i = len;
            break;
        case State::ChunkSize:
            ++i;
            if ((c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'f')) {
                if (++m_chunkDigits > 15)
                    return fail("chunk size too large");
                m_remaining =
                    m_remaining * 16 + static_cast<uint64_t>(c <= '9' ? c - '0' : lower(c) - 'a' + 10);
            } else if (m_chunkDigits > 0 && (c == ';' || c == ' ' || c == '\t' || c == '\r')) {
                m_state = State::ChunkExtension;
            } else if (m_chunkDigits > 0 && c == '\n') {
                m_state = m_remaining == 0 ? State::TrailerLineStart : State::ChunkData;
            } else {
                return fail("malformed chunk size");
            }
            break;
        case State::ChunkExtension:
            ++i;
            if (c == '\n')
                m_state = m_remaining == 0 ? State::TrailerLineStart : State::ChunkData;
            break;
        case State::ChunkData: {
            const uint64_t take = std::min<uint64_t>(m_remaining, len - i);
            if (m_capture)
                captureBody(data + i, size_t(take));
            i += take;
            m_remaining -= take;
            m_bodyBytes += take;
            if (m_remaining == 0)
                m_state = State::ChunkDataCr;
            break;
        }
        case State::ChunkDataCr:
            ++i;
            if (c == '\r')
                m_state = State::ChunkDataLf;
            else if (c == '\n')
                m_state = State::ChunkSize, m_chunkDigits = 0;
            else
                return fail("missing CRLF after chunk data");
            break;
        case State::ChunkDataLf:
            ++i;
            if (c != '\n')
                return fail("missing CRLF after chunk data");
            m_state = State::ChunkSize;
            m_chunkDigits = 0;
            break;
        case State::TrailerLineStart:
            ++i;
            if (c == '\n') {
                m_state = State::Done;
                used = i;
                return Result::Complete;
            }
            if (c != '\r')
                m_state = State::TrailerLine;
            break;
        case State::TrailerLine:
            ++i;
            if (++m_headerBytes > kMaxHeaderBytes)
                return fail("trailers too large");
            if (c == '\n')
                m_state = State::TrailerLineStart;
            break;
        case State::Done:
            used = i;
            return Result::Complete;
        case State::Failed:
            return Result::Error;
        }
    }
    used = i;
    return Result::NeedMore;
}

Http1Parser::Result Http1Parser::finishOnEof()
{
    if (m_state == State::BodyUntilEof) {
        m_state = State::Done;
        return Result::Complete;
    }
    if (m_state == State::Done)
        return Result::Complete;
    if (m_state == State::Failed)
        return Result::Error;
    return fail(m_started ? "connection closed mid-response" : "connection closed before any response");
}

} // namespace lw::engine
