// Worker: the per-connection state machine (connect, TLS, write, read, complete, fail).
#include "engine/tlscontext.h"
#include "engine/worker.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace lw::engine {

void Worker::setInterest(Connection &c, bool wantWrite)
{
    if (c.wantWrite == wantWrite)
        return;
    c.wantWrite = wantWrite;
    epoll_event ev{};
    ev.events = EPOLLIN | (wantWrite ? EPOLLOUT : 0u);
    ev.data.u64 = (static_cast<uint64_t>(c.generation) << 32) | c.index;
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &ev);
}

void Worker::closeSocket(Connection &c)
{
    if (c.ssl) {
        SSL_free(c.ssl);
        c.ssl = nullptr;
    }
    c.h2.reset();
    if (c.fd >= 0) {
        ::close(c.fd); // also leaves the epoll set
        c.fd = -1;
        m_openConnections.fetch_sub(1, std::memory_order_relaxed);
    }
    c.reused = false;
    c.wantWrite = false;
}

void Worker::startRequest(Connection &c, int request, int64_t intendedNs, int64_t now)
{
    const RequestSet::Prepared &r = m_cfg.requests->requests()[static_cast<size_t>(request)];
    c.request = request;
    c.intendedNs = intendedNs;
    c.startedNs = now;
    c.retried = false;
    c.redirects = 0;
    c.wire = &r.wire;
    c.writeOffset = 0;
    c.h2Submitted = false;
    c.parser.reset(r.head, m_spec.followRedirects > 0);
    if (inIteration(c)) {
        const VuState &vu = m_vus[c.index];
        const PreparedStep &st = m_cfg.plan->scenarios()[size_t(vu.scenario)].steps[size_t(vu.step)];
        if (st.dynamic)
            c.wire = &vu.wire;
        c.parser.setCapture(st.capture);
    } else if (c.parser.capturing()) {
        c.parser.setCapture(false);
    }
    ++m_s->counts[static_cast<size_t>(request)].sent;
    listAppend(c);
    if (c.fd >= 0 && c.origin != r.origin)
        closeSocket(c);
    if (c.fd < 0) {
        beginConnect(c, r.origin, now);
        return;
    }
    c.state = Connection::State::Writing;
    writeRequest(c, now);
}

void Worker::beginConnect(Connection &c, int origin, int64_t now)
{
    const Origin &o = m_origins[static_cast<size_t>(origin)];
    const auto *sa = reinterpret_cast<const sockaddr *>(o.sockaddr.data());
    c.origin = origin;
    c.fd = ::socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) {
        std::lock_guard<std::mutex> lock(m_controlMutex);
        m_warning =
            "cannot create a socket (" + std::string(strerror(errno)) + "); raise the open-files limit";
        fail(c, ErrorClass::Connect, now);
        return;
    }
    m_openConnections.fetch_add(1, std::memory_order_relaxed);
    ++m_s->connectionsOpened;
    ++c.generation;
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int rc = ::connect(c.fd, sa, static_cast<socklen_t>(o.sockaddr.size()));
    if (rc < 0 && errno != EINPROGRESS) {
        fail(c, ErrorClass::Connect, now);
        return;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = (static_cast<uint64_t>(c.generation) << 32) | c.index;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &ev);
    c.wantWrite = true;
    c.state = Connection::State::Connecting;
    if (rc == 0)
        onConnected(c, now);
}

void Worker::onConnected(Connection &c, int64_t now)
{
    const Origin &o = m_origins[static_cast<size_t>(c.origin)];
    if (o.url.tls) {
        c.ssl = SSL_new(m_cfg.tls);
        if (!c.ssl) {
            fail(c, ErrorClass::Tls, now);
            return;
        }
        SSL_set_fd(c.ssl, c.fd);
        in6_addr probe;
        const bool literal = inet_pton(AF_INET, o.url.host.c_str(), &probe) == 1 ||
                             inet_pton(AF_INET6, o.url.host.c_str(), &probe) == 1;
        if (!literal)
            SSL_set_tlsext_host_name(c.ssl, o.url.host.c_str());
        if (m_spec.tlsVerify) {
            if (literal)
                X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c.ssl), o.url.host.c_str());
            else
                SSL_set1_host(c.ssl, o.url.host.c_str());
        }
        SSL_set_connect_state(c.ssl);
        c.state = Connection::State::Handshaking;
        continueHandshake(c, now);
        return;
    }
    c.state = Connection::State::Writing;
    writeRequest(c, now);
}

void Worker::continueHandshake(Connection &c, int64_t now)
{
    const int rc = SSL_do_handshake(c.ssl);
    if (rc == 1) {
        const unsigned char *alpn = nullptr;
        unsigned alpnLen = 0;
        SSL_get0_alpn_selected(c.ssl, &alpn, &alpnLen);
        if (alpnLen == 2 && alpn[0] == 'h' && alpn[1] == '2') {
            c.h2 = std::make_unique<Http2Session>();
            if (!c.h2->ok()) {
                fail(c, ErrorClass::Protocol, now);
                return;
            }
        }
        c.state = Connection::State::Writing;
        writeRequest(c, now);
        return;
    }
    const int err = SSL_get_error(c.ssl, rc);
    if (err == SSL_ERROR_WANT_READ) {
        setInterest(c, false);
    } else if (err == SSL_ERROR_WANT_WRITE) {
        setInterest(c, true);
    } else {
        const std::string why = tlsErrorString();
        {
            std::lock_guard<std::mutex> lock(m_controlMutex);
            if (m_warning.empty())
                m_warning = "TLS handshake with " + m_origins[static_cast<size_t>(c.origin)].url.host +
                            " failed: " + why;
        }
        fail(c, ErrorClass::Tls, now);
    }
}

void Worker::retryOrFail(Connection &c, int64_t now)
{
    const bool nothingReceived = c.h2 ? c.h2->status() == 0 : !c.parser.started();
    if (c.reused && nothingReceived && !c.retried) {
        // The server closed an idle keep-alive connection just as we reused it: retry once.
        c.retried = true;
        closeSocket(c);
        c.writeOffset = 0;
        c.h2Submitted = false;
        c.parser.reset(m_cfg.requests->requests()[static_cast<size_t>(c.request)].head,
                       m_spec.followRedirects > 0);
        beginConnect(c, c.origin, now);
        return;
    }
    fail(c, ErrorClass::Protocol, now);
}

void Worker::writeRequest(Connection &c, int64_t now)
{
    if (c.h2) {
        if (!c.h2Submitted) {
            const Http2Request *request = &m_cfg.requests->requests()[static_cast<size_t>(c.request)].h2;
            if (inIteration(c) && c.wire == &m_vus[c.index].wire) {
                // A rendered scenario step: its HTTP/2 form is made from the bytes HTTP/1.1 would send.
                VuState &vu = m_vus[c.index];
                if (!http2FromWire(vu.wire, true, vu.h2, vu.h2Body)) {
                    fail(c, ErrorClass::Protocol, now);
                    return;
                }
                request = &vu.h2;
            }
            c.h2->setCapture(c.parser.capturing());
            if (!c.h2->submit(*request)) {
                retryOrFail(c, now); // GOAWAY'd session
                return;
            }
            c.h2Submitted = true;
        }
        c.state = Connection::State::Reading;
        if (!flushHttp2(c))
            retryOrFail(c, now);
        return;
    }
    const std::string &w = *c.wire;
    while (c.writeOffset < w.size()) {
        const size_t left = w.size() - c.writeOffset;
        ssize_t n;
        if (c.ssl) {
            n = SSL_write(c.ssl, w.data() + c.writeOffset, static_cast<int>(std::min<size_t>(left, 1 << 30)));
            if (n <= 0) {
                const int err = SSL_get_error(c.ssl, static_cast<int>(n));
                if (err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ) {
                    setInterest(c, err == SSL_ERROR_WANT_WRITE);
                    return;
                }
                n = -1;
                errno = EPIPE;
            }
        } else {
            n = ::send(c.fd, w.data() + c.writeOffset, left, MSG_NOSIGNAL);
        }
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                setInterest(c, true);
                return;
            }
            if (errno == EINTR)
                continue;
            // A reused keep-alive socket the server already closed: retry once on a fresh one.
            if (c.reused && !c.retried && c.writeOffset == 0) {
                c.retried = true;
                closeSocket(c);
                beginConnect(c, c.origin, now);
                return;
            }
            fail(c, ErrorClass::Protocol, now);
            return;
        }
        c.writeOffset += static_cast<size_t>(n);
    }
    c.state = Connection::State::Reading;
    setInterest(c, false);
}

void Worker::handleEvent(Connection &c, uint32_t events, int64_t now)
{
    switch (c.state) {
    case Connection::State::Connecting: {
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
            fail(c, ErrorClass::Connect, now);
        } else if (events & EPOLLOUT) {
            onConnected(c, now);
        } else if (events & (EPOLLERR | EPOLLHUP)) {
            fail(c, ErrorClass::Connect, now);
        }
        return;
    }
    case Connection::State::Handshaking:
        continueHandshake(c, now);
        return;
    case Connection::State::Writing:
        if (events & EPOLLOUT)
            writeRequest(c, now);
        if (c.state == Connection::State::Writing && (events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
            readResponse(c, now); // an early response (or reset) before the body was fully sent
        return;
    case Connection::State::Reading:
        if (c.h2) {
            if ((events & EPOLLOUT) && !flushHttp2(c)) {
                retryOrFail(c, now);
                return;
            }
            if (events & (EPOLLIN | EPOLLERR | EPOLLHUP))
                readHttp2(c, now);
            return;
        }
        if (c.ssl && (events & EPOLLOUT) && c.wantWrite)
            setInterest(c, false); // the TLS layer wanted to write during a read; try again
        readResponse(c, now);
        return;
    case Connection::State::Idle:
    case Connection::State::Thinking:
    case Connection::State::Free: {
        if (c.h2) {
            // HTTP/2 servers send frames (PING, SETTINGS, GOAWAY) at any time: keep the session informed.
            for (;;) {
                const int n = SSL_read(c.ssl, m_readBuf.get(), static_cast<int>(kReadBufSize));
                if (n > 0 && c.h2->receive(m_readBuf.get(), static_cast<size_t>(n)))
                    continue;
                if (n <= 0 && SSL_get_error(c.ssl, n) == SSL_ERROR_WANT_READ && c.h2->reusable() &&
                    flushHttp2(c))
                    return;
                closeSocket(c);
                return;
            }
        }
        // Idle socket readable: the server closed it (or sent something unsolicited). Drop it.
        char probe[256];
        const ssize_t n = c.ssl ? SSL_read(c.ssl, probe, sizeof probe) : ::recv(c.fd, probe, sizeof probe, 0);
        if (n > 0 || n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
            closeSocket(c);
        return;
    }
    }
}

void Worker::readResponse(Connection &c, int64_t now)
{
    for (;;) {
        ssize_t n;
        if (c.ssl) {
            const int r = SSL_read(c.ssl, m_readBuf.get(), static_cast<int>(kReadBufSize));
            if (r > 0) {
                n = r;
            } else {
                const int err = SSL_get_error(c.ssl, r);
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
                n = 0; // close_notify or a TCP close without it: end of stream
            }
        } else {
            n = ::recv(c.fd, m_readBuf.get(), kReadBufSize, 0);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
                return;
        }
        if (n > 0) {
            m_s->bytesRead += static_cast<uint64_t>(n);
            size_t used = 0;
            const Http1Parser::Result r = c.parser.feed(m_readBuf.get(), static_cast<size_t>(n), used);
            if (r == Http1Parser::Result::Complete) {
                if (used < static_cast<size_t>(n))
                    closeSocket(c); // bytes beyond the response: the stream can no longer be trusted
                complete(c, now);
                return;
            }
            if (r == Http1Parser::Result::Error) {
                fail(c, ErrorClass::Protocol, now);
                return;
            }
            if (!c.ssl && static_cast<size_t>(n) < kReadBufSize)
                return; // drained; level-triggered epoll reports more
            if (c.ssl && SSL_pending(c.ssl) == 0 && static_cast<size_t>(n) < kReadBufSize)
                return;
            continue;
        }
        // End of stream or a socket error.
        if (c.parser.finishOnEof() == Http1Parser::Result::Complete) {
            closeSocket(c);
            complete(c, now);
            return;
        }
        retryOrFail(c, now);
        return;
    }
}

void Worker::complete(Connection &c, int64_t now)
{
    const int status = c.h2 ? c.h2->status() : c.parser.status();
    if (!c.h2 && m_spec.followRedirects > c.redirects &&
        (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) &&
        !c.parser.location().empty() && followRedirect(c, now))
        return;
    const size_t req = static_cast<size_t>(c.request);
    const int64_t us = std::max<int64_t>(0, (now - c.intendedNs) / 1000);
    m_s->latency[req].record(us);
    RequestCounts &counts = m_s->counts[req];
    ++counts.completed;
    const size_t si = std::min<size_t>(static_cast<size_t>(status), m_s->statuses.size() - 1);
    ++m_s->statuses[si];
    const int expect = m_cfg.requests->requests()[req].expectStatus;
    const bool httpError = expect ? status != expect : status >= 400;
    if (httpError) {
        ++counts.errors;
        ++m_s->httpErrors[si];
    }
    // A scenario step: extractions, checks, cookies; false also when the iteration ended here.
    const bool goOn = inIteration(c) && evaluateStep(c, status, httpError, now - c.intendedNs);
    listRemove(c);
    c.reused = true;
    if (c.h2 ? !c.h2->reusable() : !c.parser.keepAlive())
        closeSocket(c);
    if (goOn) {
        c.request = -1;
        nextStep(c, now);
        return;
    }
    afterRequest(c, now);
}

void Worker::fail(Connection &c, ErrorClass cls, int64_t now)
{
    if (c.request >= 0) {
        ++m_s->counts[static_cast<size_t>(c.request)].errors;
        ++m_s->errors[static_cast<size_t>(cls)];
    }
    listRemove(c);
    closeSocket(c);
    if (inIteration(c))
        endIteration(c, false, now);
    afterRequest(c, now);
}

void Worker::afterRequest(Connection &c, int64_t now)
{
    c.request = -1;
    if (m_open) {
        if (c.fd >= 0 && !m_stopping) {
            c.state = Connection::State::Idle;
            m_idle[static_cast<size_t>(c.origin)].push_back(c.index);
        } else {
            closeSocket(c);
            c.state = Connection::State::Free;
            m_free.push_back(c.index);
        }
        return;
    }
    if (m_stopping || m_dataExhausted || static_cast<int>(c.index) >= targetVus(now)) {
        c.vuActive = false;
        --m_vuCount;
        m_activeVus.store(m_vuCount, std::memory_order_relaxed);
        closeSocket(c);
        c.state = Connection::State::Free;
        return;
    }
    if (m_spec.thinkMaxNs > 0 || c.fd < 0) {
        // After an error the VU restarts from the loop (never recursively), after its think time.
        scheduleThink(c, now);
        return;
    }
    startUnit(c, pickUnit(), now, now);
}

} // namespace lw::engine
