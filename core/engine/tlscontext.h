#pragma once

#include <string>

typedef struct ssl_ctx_st SSL_CTX;

namespace lw::engine {

// The engine's OpenSSL client context: system trust store (unless verification is off), TLS 1.2+, ALPN
// offering http/1.1 (and h2 when enabled). Shared read-only by all workers.
class TlsContext
{
public:
    TlsContext() = default;
    ~TlsContext();
    TlsContext(const TlsContext &) = delete;
    TlsContext &operator=(const TlsContext &) = delete;

    bool init(bool verify, bool offerH2, std::string &error);
    SSL_CTX *get() const { return m_ctx; }
    bool verify() const { return m_verify; }

private:
    SSL_CTX *m_ctx = nullptr;
    bool m_verify = true;
};

// The last OpenSSL error as text (clears the queue).
std::string tlsErrorString();

} // namespace lw::engine
