#pragma once

#include "engine/http1parser.h"
#include "engine/http2session.h"
#include "engine/url.h"

#include <cstdint>
#include <memory>
#include <string>

typedef struct ssl_st SSL;

namespace lw::engine {

// One client connection slot of a worker. Slots are preallocated; a slot keeps its parser and buffers
// across reconnects, so the hot path never allocates.
struct Connection
{
    enum class State : uint8_t
    {
        Free,        // no socket
        Connecting,  // TCP connect in progress (a request is pending)
        Handshaking, // TLS handshake in progress (a request is pending)
        Idle,        // connected, no request
        Writing,     // request partly written
        Reading,     // waiting for the response
        Thinking     // closed model: connected (or not), pausing before the next request
    };

    int fd = -1;
    SSL *ssl = nullptr;
    State state = State::Free;
    uint32_t index = 0;
    uint32_t generation = 0; // bumped per socket: stale epoll events of a closed socket are ignored
    bool vuActive = false;   // closed model: this slot is a running virtual user
    int origin = -1;         // origin the socket is connected to
    int request = -1;        // request in flight
    bool reused = false;     // the socket already carried a response
    bool retried = false;    // a keep-alive race retry was already made for this request
    bool wantWrite = false;  // EPOLLOUT currently registered
    int redirects = 0;
    int64_t intendedNs = 0; // latency is measured from here
    int64_t startedNs = 0;  // the timeout runs from here
    size_t writeOffset = 0;
    const std::string *wire = nullptr; // bytes of the request in flight
    std::string redirectWire;          // owned wire bytes when following a redirect
    Url redirectUrl;                   // URL of the redirect in flight
    Http1Parser parser;
    std::unique_ptr<Http2Session> h2; // set when TLS ALPN chose h2
    bool h2Submitted = false;
    // Intrusive list of requests in flight, oldest first (all share one timeout, so it is deadline order).
    Connection *prev = nullptr;
    Connection *next = nullptr;
    bool inFlightList = false;

    bool busy() const
    {
        return state == State::Connecting || state == State::Handshaking || state == State::Writing ||
               state == State::Reading;
    }
};

} // namespace lw::engine
