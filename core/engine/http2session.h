#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

typedef struct nghttp2_session nghttp2_session;

namespace lw::engine {

// The HTTP/2 form of one request: pseudo-headers and lower-cased headers, built once per run.
struct Http2Request
{
    std::vector<std::pair<std::string, std::string>>
        headers; // ":method", ":scheme", ":authority", ":path", ...
    const std::string *body = nullptr;
    size_t count = SIZE_MAX; // headers in use; the rest are spare slots kept for reuse
};

// Turns an HTTP/1.1 request as the engine writes it ("METHOD target HTTP/1.1\r\nHost: ...\r\n...
// \r\n\r\nbody") into its HTTP/2 form: Host becomes :authority, names are lower-cased,
// connection-specific headers are left out, the body is copied into body. out's slots and strings are
// reused, so a warm request does not allocate. False when wire is not a request.
bool http2FromWire(std::string_view wire, bool tls, Http2Request &out, std::string &body);

// One client HTTP/2 connection (libnghttp2), used like an HTTP/1.1 keep-alive connection: one stream
// at a time, so the worker's one-request-per-connection state machine stays the same. Bytes move
// through memory (mem_recv / mem_send); the worker owns the socket and TLS.
class Http2Session
{
public:
    Http2Session();
    ~Http2Session();
    Http2Session(const Http2Session &) = delete;
    Http2Session &operator=(const Http2Session &) = delete;

    bool ok() const { return m_session != nullptr; }
    // Starts a request stream. False when the session refuses (e.g. after GOAWAY).
    bool submit(const Http2Request &request);
    // Feeds bytes read from the socket. False on a protocol error (error() says why).
    bool receive(const char *data, size_t len);
    // Bytes waiting to be written to the socket; call consumed(n) after writing n of them.
    bool fillOutput();
    const std::string &output() const { return m_out; }
    void consumed(size_t n);

    // Scenario steps: keep the response's header block ("HTTP/2 200\r\nname: value\r\n...", as the
    // HTTP/1.1 parser keeps it) and body (up to kMaxCapturedBody bytes). Set before submit().
    void setCapture(bool on) { m_capture = on; }
    const std::string &capturedHeaders() const { return m_capturedHeaders; }
    const std::string &capturedBody() const { return m_capturedBody; }
    static constexpr size_t kMaxCapturedBody = 4 * 1024 * 1024;

    bool responseDone() const { return m_done; }
    bool streamFailed() const { return m_streamError != 0; }
    int status() const { return m_status; }
    uint64_t bodyBytes() const { return m_bodyBytes; }
    bool reusable() const; // no GOAWAY, session still wants to talk
    const std::string &error() const { return m_error; }

private:
    friend struct Http2Callbacks;

    nghttp2_session *m_session = nullptr;
    std::string m_out;
    size_t m_outOffset = 0;
    int32_t m_stream = -1;
    bool m_done = false;
    bool m_goaway = false;
    uint32_t m_streamError = 0;
    int m_status = 0;
    uint64_t m_bodyBytes = 0;
    const std::string *m_body = nullptr;
    size_t m_bodyOffset = 0;
    std::string m_error;
    bool m_capture = false;
    std::string m_capturedHeaders;
    std::string m_capturedBody;
};

} // namespace lw::engine
