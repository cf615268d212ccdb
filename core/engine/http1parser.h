#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace lw::engine {

// Incremental HTTP/1.x response parser. Works byte-wise on whatever the socket delivered, keeps only a
// few counters between calls and never buffers the body, so huge or chunked bodies cost no memory.
// Handles Content-Length, chunked (with trailers), close-delimited bodies, HEAD/204/304 and skips 1xx.
class Http1Parser
{
public:
    enum class Result
    {
        NeedMore,
        Complete,
        Error
    };

    // Prepares for the response to a new request. headRequest: the response carries no body.
    // captureLocation: keep the Location header (redirect following).
    void reset(bool headRequest, bool captureLocation = false);

    // Consumes bytes from data. On Complete, used says how many bytes belonged to the response (the rest
    // is unsolicited). On Error, error() says why.
    Result feed(const char *data, size_t len, size_t &used);
    // The peer closed the connection: completes a close-delimited body, else an error.
    Result finishOnEof();

    // Scenario steps: keep the header block and the body (up to kMaxCapturedBody bytes, dechunked) of
    // the responses from now on, for extractions, checks and cookies. Stays set across reset().
    void setCapture(bool on) { m_capture = on; }
    bool capturing() const { return m_capture; }
    const std::string &capturedHeaders() const { return m_capturedHeaders; } // status line + headers
    const std::string &capturedBody() const { return m_capturedBody; }
    static constexpr size_t kMaxCapturedBody = 4 * 1024 * 1024;

    int status() const { return m_status; }
    bool keepAlive() const { return m_keepAlive; }
    bool started() const { return m_started; }
    uint64_t bodyBytes() const { return m_bodyBytes; }
    const std::string &location() const { return m_location; }
    const char *error() const { return m_error; }

    static constexpr size_t kMaxHeaderBytes = 64 * 1024;

private:
    enum class State : uint8_t
    {
        StatusLine,
        HeaderLineStart,
        HeaderName,
        HeaderValue,
        HeaderSkipLine,
        HeadersEndLf,
        BodyLength,
        BodyUntilEof,
        ChunkSize,
        ChunkExtension,
        ChunkData,
        ChunkDataCr,
        ChunkDataLf,
        TrailerLineStart,
        TrailerLine,
        Done,
        Failed
    };
    Result fail(const char *why);
    void captureBody(const char *data, size_t len);
    bool finishStatusLine();
    void finishHeader();
    Result headersComplete(bool &done);

    State m_state = State::StatusLine;
    bool m_head = false;
    bool m_captureLocation = false;
    bool m_started = false;
    bool m_keepAlive = true;
    bool m_http10 = false;
    bool m_chunked = false;
    bool m_hasLength = false;
    bool m_connectionClose = false;
    bool m_connectionKeepAlive = false;
    bool m_badLength = false;
    int m_status = 0;
    uint32_t m_headerBytes = 0;
    uint8_t m_lineLen = 0;
    uint8_t m_nameLen = 0;
    uint8_t m_valueLen = 0;
    uint8_t m_which = 0; // which interesting header the current value belongs to
    uint64_t m_contentLength = 0;
    uint64_t m_remaining = 0;
    uint64_t m_bodyBytes = 0;
    uint32_t m_chunkDigits = 0;
    char m_line[16];  // start of the status line ("HTTP/1.1 200")
    char m_name[24];  // header name, lower-cased (longer names are uninteresting)
    char m_value[64]; // value of an interesting header (truncated; enough for the tokens we check)
    std::string m_location;
    bool m_capture = false;
    std::string m_capturedHeaders;
    std::string m_capturedBody;
    const char *m_error = "";
};

} // namespace lw::engine
