#include "engine/http2session.h"

#include <algorithm>
#include <cstring>
#include <nghttp2/nghttp2.h>

namespace lw::engine {

// nghttp2 callbacks with their exact signatures; they update the session's per-stream state.
struct Http2Callbacks
{
    static int onHeader(nghttp2_session *, const nghttp2_frame *frame, const uint8_t *name, size_t namelen,
                        const uint8_t *value, size_t valuelen, uint8_t flags, void *user);
    static int onData(nghttp2_session *, uint8_t flags, int32_t stream, const uint8_t *data, size_t len,
                      void *user);
    static int onStreamClose(nghttp2_session *, int32_t stream, uint32_t errorCode, void *user);
    static int onFrameRecv(nghttp2_session *, const nghttp2_frame *frame, void *user);
    static ssize_t readBody(nghttp2_session *, int32_t stream, uint8_t *buf, size_t length, uint32_t *flags,
                            nghttp2_data_source *source, void *user);
};

Http2Session::Http2Session()
{
    nghttp2_session_callbacks *cb = nullptr;
    if (nghttp2_session_callbacks_new(&cb) != 0)
        return;
    nghttp2_session_callbacks_set_on_header_callback(cb, &Http2Callbacks::onHeader);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, &Http2Callbacks::onData);
    nghttp2_session_callbacks_set_on_stream_close_callback(cb, &Http2Callbacks::onStreamClose);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cb, &Http2Callbacks::onFrameRecv);
    if (nghttp2_session_client_new(&m_session, cb, this) != 0)
        m_session = nullptr;
    nghttp2_session_callbacks_del(cb);
    if (m_session) {
        // A large window: the engine consumes bodies at once, so flow control should never throttle.
        nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
                                             {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, (1 << 30)}};
        nghttp2_submit_settings(m_session, NGHTTP2_FLAG_NONE, settings, 2);
        nghttp2_session_set_local_window_size(m_session, NGHTTP2_FLAG_NONE, 0, (1 << 30));
    }
    m_out.reserve(16 * 1024);
}

Http2Session::~Http2Session()
{
    if (m_session)
        nghttp2_session_del(m_session);
}

bool Http2Session::reusable() const
{
    return m_session && !m_goaway && nghttp2_session_want_read(m_session);
}

ssize_t Http2Callbacks::readBody(nghttp2_session *, int32_t, uint8_t *buf, size_t length, uint32_t *flags,
                                 nghttp2_data_source *, void *user)
{
    auto *self = static_cast<Http2Session *>(user);
    const size_t left = self->m_body ? self->m_body->size() - self->m_bodyOffset : 0;
    const size_t n = std::min(left, length);
    if (n > 0)
        std::memcpy(buf, self->m_body->data() + self->m_bodyOffset, n);
    self->m_bodyOffset += n;
    if (self->m_bodyOffset >= (self->m_body ? self->m_body->size() : 0))
        *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
}

bool Http2Session::submit(const Http2Request &request)
{
    if (!reusable())
        return false;
    nghttp2_nv nva[64];
    size_t n = 0;
    for (const auto &[k, v] : request.headers) {
        if (n == sizeof nva / sizeof nva[0])
            break;
        nva[n++] = nghttp2_nv{reinterpret_cast<uint8_t *>(const_cast<char *>(k.data())),
                              reinterpret_cast<uint8_t *>(const_cast<char *>(v.data())), k.size(), v.size(),
                              NGHTTP2_NV_FLAG_NONE};
    }
    m_done = false;
    m_streamError = 0;
    m_status = 0;
    m_bodyBytes = 0;
    m_body = request.body;
    m_bodyOffset = 0;
    nghttp2_data_provider provider{};
    provider.read_callback = &Http2Callbacks::readBody;
    const bool withBody = request.body && !request.body->empty();
    m_stream = nghttp2_submit_request(m_session, nullptr, nva, n, withBody ? &provider : nullptr, this);
    if (m_stream < 0) {
        m_error = nghttp2_strerror(m_stream);
        return false;
    }
    return true;
}

bool Http2Session::receive(const char *data, size_t len)
{
    const ssize_t rc = nghttp2_session_mem_recv(m_session, reinterpret_cast<const uint8_t *>(data), len);
    if (rc < 0) {
        m_error = nghttp2_strerror(static_cast<int>(rc));
        return false;
    }
    return true;
}

bool Http2Session::fillOutput()
{
    if (m_outOffset > 0 && m_outOffset >= m_out.size()) {
        m_out.clear();
        m_outOffset = 0;
    }
    for (;;) {
        const uint8_t *data = nullptr;
        const ssize_t n = nghttp2_session_mem_send(m_session, &data);
        if (n < 0) {
            m_error = nghttp2_strerror(static_cast<int>(n));
            return false;
        }
        if (n == 0)
            return true;
        m_out.append(reinterpret_cast<const char *>(data), static_cast<size_t>(n));
    }
}

void Http2Session::consumed(size_t n)
{
    m_outOffset += n;
    if (m_outOffset >= m_out.size()) {
        m_out.clear();
        m_outOffset = 0;
    } else if (m_outOffset > 0) {
        m_out.erase(0, m_outOffset);
        m_outOffset = 0;
    }
}

int Http2Callbacks::onHeader(nghttp2_session *, const nghttp2_frame *frame, const uint8_t *name,
                             size_t namelen, const uint8_t *value, size_t valuelen, uint8_t, void *user)
{
    auto *self = static_cast<Http2Session *>(user);
    if (frame->hd.type == NGHTTP2_HEADERS && frame->hd.stream_id == self->m_stream && namelen == 7 &&
        std::memcmp(name, ":status", 7) == 0) {
        int s = 0;
        for (size_t i = 0; i < valuelen && i < 3; ++i)
            s = s * 10 + (value[i] - '0');
        self->m_status = s;
    }
    return 0;
}

int Http2Callbacks::onData(nghttp2_session *, uint8_t, int32_t stream, const uint8_t *, size_t len,
                           void *user)
{
    auto *self = static_cast<Http2Session *>(user);
    if (stream == self->m_stream)
        self->m_bodyBytes += len;
    return 0;
}

int Http2Callbacks::onStreamClose(nghttp2_session *, int32_t stream, uint32_t errorCode, void *user)
{
    auto *self = static_cast<Http2Session *>(user);
    if (stream == self->m_stream) {
        self->m_done = true;
        self->m_streamError = errorCode;
        if (errorCode != 0)
            self->m_error = std::string("stream reset: ") + nghttp2_http2_strerror(errorCode);
    }
    return 0;
}

int Http2Callbacks::onFrameRecv(nghttp2_session *, const nghttp2_frame *frame, void *user)
{
    if (frame->hd.type == NGHTTP2_GOAWAY)
        static_cast<Http2Session *>(user)->m_goaway = true;
    return 0;
}

} // namespace lw::engine
