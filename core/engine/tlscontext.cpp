#include "engine/tlscontext.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

namespace lw::engine {

TlsContext::~TlsContext()
{
    if (m_ctx)
        SSL_CTX_free(m_ctx);
}

bool TlsContext::init(bool verify, bool offerH2, std::string &error)
{
    m_verify = verify;
    m_ctx = SSL_CTX_new(TLS_client_method());
    if (!m_ctx) {
        error = "cannot create the TLS context: " + tlsErrorString();
        return false;
    }
    SSL_CTX_set_min_proto_version(m_ctx, TLS1_2_VERSION);
    SSL_CTX_set_mode(m_ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    // Session resumption keeps reconnect cost realistic for clients that resume.
    SSL_CTX_set_session_cache_mode(m_ctx, SSL_SESS_CACHE_CLIENT);
    if (verify) {
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_PEER, nullptr);
        if (SSL_CTX_set_default_verify_paths(m_ctx) != 1) {
            error = "cannot load the system CA certificates: " + tlsErrorString();
            return false;
        }
    } else {
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_NONE, nullptr);
    }
    static const unsigned char h1[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    static const unsigned char both[] = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    if (offerH2)
        SSL_CTX_set_alpn_protos(m_ctx, both, sizeof both);
    else
        SSL_CTX_set_alpn_protos(m_ctx, h1, sizeof h1);
    return true;
}

std::string tlsErrorString()
{
    std::string out;
    while (const unsigned long e = ERR_get_error()) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        if (!out.empty())
            out += "; ";
        out += buf;
    }
    return out.empty() ? "unknown TLS error" : out;
}

} // namespace lw::engine
