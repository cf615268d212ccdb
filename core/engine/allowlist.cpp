#include "engine/allowlist.h"

#include <arpa/inet.h>
#include <cctype>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>

namespace lw::engine {

AllowList::AllowList()
{
    std::string ignored;
    add("127.0.0.0/8", ignored);
    add("::1", ignored);
}

void AllowList::clear()
{
    m_cidrs.clear();
    m_names.clear();
}

bool AllowList::add(const std::string &entryIn, std::string &error)
{
    std::string entry;
    const size_t first = entryIn.find_first_not_of(" \t");
    const size_t last = entryIn.find_last_not_of(" \t");
    if (first != std::string::npos) {
        for (char c : entryIn.substr(first, last - first + 1))
            entry += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (entry.size() > 2 && entry.front() == '[' && entry.back() == ']')
        entry = entry.substr(1, entry.size() - 2);
    if (entry.empty()) {
        error = "empty allow-list entry";
        return false;
    }
    Cidr c;
    std::string addr = entry;
    int prefix = -1;
    if (const size_t slash = entry.find('/'); slash != std::string::npos) {
        addr = entry.substr(0, slash);
        const std::string p = entry.substr(slash + 1);
        if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string::npos) {
            error = "invalid allow-list entry '" + entryIn + "': bad prefix length";
            return false;
        }
        prefix = std::stoi(p);
    }
    if (inet_pton(AF_INET, addr.c_str(), c.bytes.data()) == 1) {
        c.prefix = prefix < 0 ? 32 : prefix;
        if (c.prefix > 32) {
            error = "invalid allow-list entry '" + entryIn + "': IPv4 prefix above 32";
            return false;
        }
        m_cidrs.push_back(c);
        return true;
    }
    if (inet_pton(AF_INET6, addr.c_str(), c.bytes.data()) == 1) {
        c.v6 = true;
        c.prefix = prefix < 0 ? 128 : prefix;
        if (c.prefix > 128) {
            error = "invalid allow-list entry '" + entryIn + "': IPv6 prefix above 128";
            return false;
        }
        m_cidrs.push_back(c);
        return true;
    }
    if (prefix >= 0) {
        error = "invalid allow-list entry '" + entryIn + "': a /prefix needs an IP address";
        return false;
    }
    std::string name = entry.rfind("*.", 0) == 0 ? entry.substr(2) : entry;
    for (char ch : name) {
        if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '.' || ch == '_')) {
            error = "invalid allow-list entry '" + entryIn + "': not an IP address, CIDR block or host name";
            return false;
        }
    }
    if (name.empty()) {
        error = "invalid allow-list entry '" + entryIn + "'";
        return false;
    }
    m_names.push_back(entry);
    return true;
}

bool AllowList::allowsName(const std::string &hostIn) const
{
    std::string host;
    for (char c : hostIn)
        host += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string &n : m_names) {
        if (n.rfind("*.", 0) == 0) {
            const std::string suffix = n.substr(1); // ".x"
            if (host.size() > suffix.size() &&
                host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0)
                return true;
        } else if (n == host) {
            return true;
        }
    }
    return false;
}

bool AllowList::matches(const Cidr &c, bool v6, const uint8_t *bytes)
{
    if (c.v6 != v6)
        return false;
    int bits = c.prefix;
    for (int i = 0; bits > 0; ++i, bits -= 8) {
        const uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
        if ((c.bytes[static_cast<size_t>(i)] & mask) != (bytes[i] & mask))
            return false;
    }
    return true;
}

bool AllowList::allowsAddress(const sockaddr *addr) const
{
    if (!addr)
        return false;
    uint8_t bytes[16];
    bool v6 = false;
    if (addr->sa_family == AF_INET) {
        std::memcpy(bytes, &reinterpret_cast<const sockaddr_in *>(addr)->sin_addr, 4);
    } else if (addr->sa_family == AF_INET6) {
        const auto *a6 = reinterpret_cast<const sockaddr_in6 *>(addr);
        if (IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr)) {
            std::memcpy(bytes, reinterpret_cast<const uint8_t *>(&a6->sin6_addr) + 12, 4);
        } else {
            std::memcpy(bytes, &a6->sin6_addr, 16);
            v6 = true;
        }
    } else {
        return false;
    }
    for (const Cidr &c : m_cidrs) {
        if (matches(c, v6, bytes))
            return true;
    }
    return false;
}

std::string AllowList::describe() const
{
    std::string out;
    for (const Cidr &c : m_cidrs) {
        char buf[INET6_ADDRSTRLEN] = {};
        inet_ntop(c.v6 ? AF_INET6 : AF_INET, c.bytes.data(), buf, sizeof buf);
        out += (out.empty() ? "" : ", ") + std::string(buf) + "/" + std::to_string(c.prefix);
    }
    for (const std::string &n : m_names)
        out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "(empty)" : out;
}

std::string addressToString(const sockaddr *addr)
{
    char buf[INET6_ADDRSTRLEN] = {};
    if (addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in *>(addr)->sin_addr, buf, sizeof buf);
    else if (addr->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6 *>(addr)->sin6_addr, buf, sizeof buf);
    return buf;
}

} // namespace lw::engine
