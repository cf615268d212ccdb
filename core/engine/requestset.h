#pragma once

#include "engine/http2session.h"
#include "engine/runspec.h"
#include "engine/url.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::engine {

// A destination the engine connects to: one per distinct scheme://host:port of the run's requests.
struct Origin
{
    Url url;                       // scheme, host, port (target unused)
    std::vector<uint8_t> sockaddr; // the resolved, allow-listed address (struct sockaddr bytes)
    std::string address;           // the same as text, for messages
};

// The run's requests, serialised once into wire bytes, plus the weighted choice between them.
class RequestSet
{
public:
    struct Prepared
    {
        std::string name;
        std::string wire; // request line + headers + body, ready for write()
        int origin = 0;
        bool head = false;
        int expectStatus = 0;
        Url url;
        std::string body;
        Http2Request h2; // the same request for HTTP/2 connections
    };

    // Parses URLs, resolves each origin's host once and checks it against the allow-list BEFORE any
    // connection exists. On failure error names the URL or host (and how to allow it).
    bool prepare(const RunSpec &spec, std::string &error);

    const std::vector<Prepared> &requests() const { return m_requests; }
    const std::vector<Origin> &origins() const { return m_origins; }

    // Picks a request index for a uniform random value u in [0, 1).
    int pick(double u) const;

    // Builds the wire bytes of a GET for a redirect target (not on the hot path).
    static std::string serialise(const std::string &method, const Url &url,
                                 const std::vector<std::pair<std::string, std::string>> &headers,
                                 const std::string &body);

private:
    std::vector<Prepared> m_requests;
    std::vector<Origin> m_origins;
    std::vector<double> m_cumulative;
};

// Resolves host (numeric or name) and returns the first address; error is a sentence on failure.
bool resolveHost(const std::string &host, uint16_t port, std::vector<uint8_t> &addr, std::string &error);

} // namespace lw::engine
