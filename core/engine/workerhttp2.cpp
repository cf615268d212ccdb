// Worker: HTTP/2 connections (frames through Http2Session over the TLS socket).
#include "engine/worker.h"

#include <algorithm>
#include <openssl/ssl.h>

namespace lw::engine {

bool Worker::flushHttp2(Connection &c)
{
    if (!c.h2->fillOutput())
        return false;
    while (!c.h2->output().empty()) {
        const std::string &out = c.h2->output();
        const int n = SSL_write(c.ssl, out.data(), static_cast<int>(std::min<size_t>(out.size(), 1 << 30)));
        if (n > 0) {
            c.h2->consumed(static_cast<size_t>(n));
            continue;
        }
        const int err = SSL_get_error(c.ssl, n);
        if (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ) {
            setInterest(c, err == SSL_ERROR_WANT_WRITE);
            return true;
        }
        return false;
    }
    setInterest(c, false);
    return true;
}

void Worker::readHttp2(Connection &c, int64_t now)
{
    for (;;) {
        const int n = SSL_read(c.ssl, m_readBuf.get(), static_cast<int>(kReadBufSize));
        if (n <= 0) {
            const int err = SSL_get_error(c.ssl, n);
            if (err == SSL_ERROR_WANT_READ)
                return;
            if (err == SSL_ERROR_WANT_WRITE) {
                setInterest(c, true);
                return;
            }
            if (err == SSL_ERROR_SSL) {
                fail(c, ErrorClass::Tls, now);
                return;
            }
            retryOrFail(c, now); // closed
            return;
        }
        m_s->bytesRead += static_cast<uint64_t>(n);
        if (!c.h2->receive(m_readBuf.get(), static_cast<size_t>(n))) {
            fail(c, ErrorClass::Protocol, now);
            return;
        }
        if (c.h2->responseDone()) {
            if (c.h2->streamFailed() || c.h2->status() == 0) {
                fail(c, ErrorClass::Protocol, now);
                return;
            }
            if (!flushHttp2(c)) // acknowledgements and window updates
                closeSocket(c);
            complete(c, now);
            return;
        }
        if (!flushHttp2(c)) {
            fail(c, ErrorClass::Protocol, now);
            return;
        }
    }
}

} // namespace lw::engine
