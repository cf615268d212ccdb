// libFuzzer target for the engine's HTTP/2 client session (libnghttp2 plus our callbacks): a request
// is submitted, then every input byte is fed as if the server had sent it, in pieces whose size the
// first byte chooses, with the session's own output drained between pieces as the worker does.
// Invariants: no crash, a refused frame is an error with a message, never a hang or a leak.

#include "engine/http2session.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

using lw::engine::Http2Request;
using lw::engine::Http2Session;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const size_t piece = 1 + data[0] * 4; // 1..1021 bytes per read
    static const std::string body = "{\"q\":1}";
    Http2Request request;
    request.headers = {{":method", "POST"},
                       {":scheme", "https"},
                       {":authority", "127.0.0.1:8443"},
                       {":path", "/api"},
                       {"content-type", "application/json"}};
    request.body = &body;

    Http2Session session;
    if (!session.ok() || !session.submit(request))
        std::abort();
    auto drain = [&session] {
        if (session.fillOutput())
            session.consumed(session.output().size());
    };
    drain();
    const char *p = reinterpret_cast<const char *>(data + 1);
    size_t left = size - 1;
    while (left > 0 && !session.responseDone()) {
        const size_t n = std::min(piece, left);
        if (!session.receive(p, n)) {
            if (session.error().empty())
                std::abort();
            return 0;
        }
        drain();
        p += n;
        left -= n;
    }
    // A stream closed without an error code before any HEADERS leaves status 0, which the worker counts
    // as a protocol error; any status that was read is a three-digit one.
    if (session.responseDone() && !session.streamFailed() && session.status() != 0 &&
        (session.status() < 100 || session.status() > 999))
        std::abort();
    (void)session.reusable();
    return 0;
}
