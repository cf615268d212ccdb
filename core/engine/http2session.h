#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
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
};

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
};

} // namespace lw::engine
