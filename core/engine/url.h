#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lw::engine {

// An absolute http:// or https:// URL split into what the client needs.
struct Url
{
    bool tls = false;
    std::string host;   // without brackets for IPv6 literals
    uint16_t port = 0;  // explicit or the scheme default
    std::string target; // path + query, at least "/"
    bool defaultPort = true;

    // Host header value: host[:port] (IPv6 literals bracketed, port omitted when default).
    std::string authority() const;
    // Origin key: scheme://host:port; equal origins can share connections.
    std::string origin() const;
};

// Parses an absolute URL. On failure returns false and sets error to a sentence naming the problem.
bool parseUrl(std::string_view text, Url &out, std::string &error);

// Resolves a redirect Location (absolute, scheme-relative or path) against base.
bool resolveLocation(const Url &base, std::string_view location, Url &out, std::string &error);

} // namespace lw::engine
