#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

struct sockaddr;

namespace lw::engine {

// The hosts the engine may send traffic to. Entries are IP addresses, CIDR blocks ("10.0.0.0/8",
// "fd00::/8"), host names ("api.test") or wildcard names ("*.test"). A connection is allowed when its
// RESOLVED address lies in an address entry, or its host name matches a name entry. The default list
// is loopback only: 127.0.0.0/8 and ::1 (so "localhost" passes through its resolved address).
class AllowList
{
public:
    AllowList(); // loopback only

    // Adds one entry; returns false with error naming the entry when it is neither an address, a CIDR
    // nor a host name.
    bool add(const std::string &entry, std::string &error);
    // Drops the defaults (used when a spec lists its own entries and says "replace").
    void clear();

    bool allowsName(const std::string &host) const;
    bool allowsAddress(const sockaddr *addr) const;
    bool allows(const std::string &host, const sockaddr *addr) const
    {
        return allowsName(host) || allowsAddress(addr);
    }

    // Human-readable list for messages ("127.0.0.0/8, ::1/128, api.test").
    std::string describe() const;

private:
    struct Cidr
    {
        bool v6 = false;
        std::array<uint8_t, 16> bytes{};
        int prefix = 0;
    };
    static bool matches(const Cidr &c, bool v6, const uint8_t *bytes);
    std::vector<Cidr> m_cidrs;
    std::vector<std::string> m_names; // lower-case; "*.x" is a suffix match
};

// Formats a socket address as text ("127.0.0.1", "::1").
std::string addressToString(const sockaddr *addr);

} // namespace lw::engine
