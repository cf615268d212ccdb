// libFuzzer target for the engine's HTTP/1.x response parser (status line, headers, Content-Length,
// chunked bodies with trailers, close-delimited bodies). The first byte chooses a HEAD request,
// Location capture and the size of the pieces the bytes arrive in, as a socket would split them;
// responses that complete are followed by the next one on the same connection (pipelining).
// Invariants: no crash, `used` never exceeds what was fed, an error always has a message.

#include "engine/http1parser.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

using lw::engine::Http1Parser;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::uint8_t mode = data[0];
    const bool head = mode & 1;
    const bool location = mode & 2;
    const size_t piece = 1 + (mode >> 2); // 1..64 bytes per read
    const char *p = reinterpret_cast<const char *>(data + 1);
    size_t left = size - 1;

    Http1Parser parser;
    parser.reset(head, location);
    Http1Parser::Result r = Http1Parser::Result::NeedMore;
    while (left > 0) {
        const size_t n = std::min(piece, left);
        size_t used = 0;
        r = parser.feed(p, n, used);
        if (used > n)
            std::abort();
        if (r == Http1Parser::Result::Error) {
            if (std::strlen(parser.error()) == 0)
                std::abort();
            return 0;
        }
        if (r == Http1Parser::Result::Complete) {
            if (parser.status() < 100 || parser.status() > 999)
                std::abort();
            parser.reset(head, location); // the rest belongs to the next response
            p += used;
            left -= used;
            continue;
        }
        if (used != n) // NeedMore consumes everything it was given
            std::abort();
        p += n;
        left -= n;
    }
    if (parser.started() && parser.finishOnEof() == Http1Parser::Result::Error &&
        std::strlen(parser.error()) == 0)
        std::abort();
    return 0;
}
