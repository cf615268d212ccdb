#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lw::target {

struct RequestHead
{
    std::string method;
    std::string path;
    bool keepAlive = true;
    bool isHead = false;
    bool expectContinue = false;
    // Kept for the demo shop (shopapi.h): a few headers and the body (up to kMaxBodyBytes).
    std::string authorization;
    std::string cookie;
    std::string sessionHeader; // X-Session
    std::string body;
};

// Incremental HTTP/1.1 request reader: request line, headers, and a body framed by Content-Length or
// chunked transfer coding (read and discarded). Feed it the unread bytes of the connection; it
// consumes what it can and says whether a request completed.
class RequestReader
{
public:
    enum class Result
    {
        NeedMore,     // everything given was consumed, or a partial element waits for more bytes
        HeadComplete, // headers parsed and a body follows (the caller may send 100 Continue)
        Complete,     // a whole request (head + body) was consumed; head() describes it
        Error         // malformed request: answer 400 (or 431) and close; error() says why
    };

    Result feed(std::string_view input, size_t &consumed);
    const RequestHead &head() const { return m_head; }
    const std::string &error() const { return m_error; }
    int errorStatus() const { return m_errorStatus; }

    static constexpr size_t kMaxHeadBytes = 64 * 1024;
    static constexpr size_t kMaxBodyBytes = 64 * 1024;

private:
    enum class State
    {
        Head,
        FixedBody,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers
    };
    Result fail(int status, std::string why);
    bool parseHead(std::string_view head);

    State m_state = State::Head;
    RequestHead m_head;
    uint64_t m_remaining = 0;
    bool m_chunked = false;
    std::string m_error;
    int m_errorStatus = 400;
};

} // namespace lw::target
