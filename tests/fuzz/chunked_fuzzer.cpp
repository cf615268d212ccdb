// libFuzzer target for the chunked body decoder of the engine's HTTP/1.1 parser: every input is the
// body of a response whose headers (fixed here) announce Transfer-Encoding: chunked, so the fuzzer
// spends its time in chunk sizes, extensions, data, CRLFs and trailers rather than in the headers.

#include "engine/http1parser.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

using lw::engine::Http1Parser;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const std::string headers = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string input = headers + std::string(reinterpret_cast<const char *>(data), size);
    Http1Parser parser;
    parser.reset(false);
    size_t used = 0;
    const Http1Parser::Result r = parser.feed(input.data(), input.size(), used);
    if (used > input.size())
        std::abort();
    if (r == Http1Parser::Result::Error && std::strlen(parser.error()) == 0)
        std::abort();
    if (r == Http1Parser::Result::Complete && parser.bodyBytes() > input.size())
        std::abort(); // the decoded body cannot be longer than what arrived
    if (r == Http1Parser::Result::NeedMore && parser.finishOnEof() != Http1Parser::Result::Error)
        std::abort(); // a chunked body cut short by the peer is never complete
    return 0;
}
