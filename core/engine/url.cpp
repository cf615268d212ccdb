#include "engine/url.h"

#include <cctype>

namespace lw::engine {

std::string Url::authority() const
{
    std::string a = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (!defaultPort)
        a += ":" + std::to_string(port);
    return a;
}

std::string Url::origin() const
{
    return std::string(tls ? "https://" : "http://") +
           (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

static bool validTargetChars(std::string_view s)
{
    for (unsigned char c : s) {
        // Control characters and spaces would break the request line (and allow header injection).
        if (c <= 0x20 || c == 0x7f)
            return false;
    }
    return true;
}

bool parseUrl(std::string_view text, Url &out, std::string &error)
{
    out = Url{};
    const std::string quoted = "'" + std::string(text) + "'";
    std::string_view rest;
    auto startsWithNoCase = [&](std::string_view prefix) {
        if (text.size() < prefix.size())
            return false;
        for (size_t i = 0; i < prefix.size(); ++i) {
            if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i])
                return false;
        }
        return true;
    };
    if (startsWithNoCase("http://")) {
        rest = text.substr(7);
        out.port = 80;
    } else if (startsWithNoCase("https://")) {
        rest = text.substr(8);
        out.tls = true;
        out.port = 443;
    } else {
        error = "invalid URL " + quoted + ": it must start with http:// or https://";
        return false;
    }
    const size_t slash = rest.find_first_of("/?#");
    std::string_view hostPort = rest.substr(0, slash);
    std::string_view target = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (const size_t hash = target.find('#'); hash != std::string_view::npos)
        target = target.substr(0, hash);
    if (hostPort.find('@') != std::string_view::npos) {
        error = "invalid URL " + quoted +
                ": user info (user@host) is not supported; send an Authorization header";
        return false;
    }
    std::string_view portText;
    if (!hostPort.empty() && hostPort.front() == '[') {
        const size_t close = hostPort.find(']');
        if (close == std::string_view::npos) {
            error = "invalid URL " + quoted + ": unterminated IPv6 literal";
            return false;
        }
        out.host = std::string(hostPort.substr(1, close - 1));
        std::string_view after = hostPort.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                error = "invalid URL " + quoted + ": unexpected text after the IPv6 literal";
                return false;
            }
            portText = after.substr(1);
            if (portText.empty()) {
                error = "invalid URL " + quoted + ": empty port";
                return false;
            }
        }
    } else {
        const size_t colon = hostPort.rfind(':');
        if (colon != std::string_view::npos) {
            portText = hostPort.substr(colon + 1);
            hostPort = hostPort.substr(0, colon);
            if (portText.empty()) {
                error = "invalid URL " + quoted + ": empty port";
                return false;
            }
        }
        out.host = std::string(hostPort);
    }
    if (out.host.empty()) {
        error = "invalid URL " + quoted + ": no host";
        return false;
    }
    for (char &c : out.host) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (!(std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == ':' || c == '%')) {
            error = "invalid URL " + quoted + ": bad character in host";
            return false;
        }
        c = static_cast<char>(std::tolower(u));
    }
    if (!portText.empty()) {
        unsigned long port = 0;
        for (char c : portText) {
            if (c < '0' || c > '9' || port > 65535) {
                error = "invalid URL " + quoted + ": port must be a number from 1 to 65535";
                return false;
            }
            port = port * 10 + static_cast<unsigned long>(c - '0');
        }
        if (port == 0 || port > 65535) {
            error = "invalid URL " + quoted + ": port must be a number from 1 to 65535";
            return false;
        }
        out.defaultPort = port == (out.tls ? 443u : 80u);
        out.port = static_cast<uint16_t>(port);
    }
    if (!validTargetChars(target)) {
        error = "invalid URL " + quoted + ": spaces or control characters in the path (percent-encode them)";
        return false;
    }
    out.target = target.empty() ? "/" : std::string(target);
    if (out.target.front() == '?')
        out.target.insert(out.target.begin(), '/');
    return true;
}

bool resolveLocation(const Url &base, std::string_view location, Url &out, std::string &error)
{
    if (location.find("://") != std::string_view::npos)
        return parseUrl(location, out, error);
    if (location.size() >= 2 && location[0] == '/' && location[1] == '/')
        return parseUrl(std::string(base.tls ? "https:" : "http:") + std::string(location), out, error);
    out = base;
    if (!validTargetChars(location) || location.empty()) {
        error = "invalid redirect location '" + std::string(location) + "'";
        return false;
    }
    if (location.front() == '/') {
        out.target = std::string(location);
    } else {
        // Relative path: replace the last segment of the base path.
        std::string dir = base.target.substr(0, base.target.find('?'));
        dir = dir.substr(0, dir.rfind('/') + 1);
        out.target = dir + std::string(location);
    }
    return true;
}

} // namespace lw::engine
