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
    const size_t count = std::min(request.count, request.headers.size());
    for (size_t i = 0; i < count; ++i) {
        const auto &[k, v] = request.headers[i];
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
    m_capturedHeaders.clear();
    m_capturedBody.clear();
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
    if (frame->hd.type != NGHTTP2_HEADERS || frame->hd.stream_id != self->m_stream)
        return 0;
    if (namelen == 7 && std::memcmp(name, ":status", 7) == 0) {
        int s = 0;
        for (size_t i = 0; i < valuelen && i < 3; ++i)
            s = s * 10 + (value[i] - '0');
        self->m_status = s;
        if (self->m_capture) {
            self->m_capturedHeaders.assign("HTTP/2 ");
            self->m_capturedHeaders.append(reinterpret_cast<const char *>(value), valuelen);
            self->m_capturedHeaders.append("\r\n");
        }
    } else if (self->m_capture && namelen > 0 && name[0] != ':') {
        self->m_capturedHeaders.append(reinterpret_cast<const char *>(name), namelen);
        self->m_capturedHeaders.append(": ");
        self->m_capturedHeaders.append(reinterpret_cast<const char *>(value), valuelen);
        self->m_capturedHeaders.append("\r\n");
    }
    return 0;
}

int Http2Callbacks::onData(nghttp2_session *, uint8_t, int32_t stream, const uint8_t *data, size_t len,
                           void *user)
{
    auto *self = static_cast<Http2Session *>(user);
    if (stream != self->m_stream)
        return 0;
    self->m_bodyBytes += len;
    if (self->m_capture && self->m_capturedBody.size() < Http2Session::kMaxCapturedBody)
        self->m_capturedBody.append(
            reinterpret_cast<const char *>(data),
            std::min(len, Http2Session::kMaxCapturedBody - self->m_capturedBody.size()));
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

namespace {

bool connectionSpecific(std::string_view lower)
{
    return lower == "connection" || lower == "keep-alive" || lower == "proxy-connection" ||
           lower == "transfer-encoding" || lower == "upgrade";
}

} // namespace

bool http2FromWire(std::string_view wire, bool tls, Http2Request &out, std::string &body)
{
    const size_t headEnd = wire.find("\r\n\r\n");
    const size_t lineEnd = wire.find("\r\n");
    const size_t sp1 = wire.find(' ');
    const size_t sp2 = sp1 == std::string_view::npos ? sp1 : wire.find(' ', sp1 + 1);
    if (headEnd == std::string_view::npos || sp2 == std::string_view::npos || sp2 > lineEnd)
        return false;
    size_t n = 0;
    auto slot = [&]() -> std::pair<std::string, std::string> & {
        if (n == out.headers.size())
            out.headers.emplace_back();
        return out.headers[n++];
    };
    auto put = [&](std::string_view name, std::string_view value) {
        auto &h = slot();
        h.first.assign(name.data(), name.size());
        h.second.assign(value.data(), value.size());
        return &h;
    };
    put(":method", wire.substr(0, sp1));
    put(":scheme", tls ? "https" : "http");
    put(":authority", std::string_view());
    const size_t authority = n - 1; // filled from Host (slots may move as the vector grows)
    put(":path", wire.substr(sp1 + 1, sp2 - sp1 - 1));
    size_t pos = lineEnd + 2;
    while (pos < headEnd + 2) {
        const size_t end = wire.find("\r\n", pos);
        const std::string_view line = wire.substr(pos, end - pos);
        pos = end + 2;
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            continue;
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        auto &h = slot();
        h.first.assign(line.data(), colon);
        for (char &c : h.first)
            c = char(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (h.first == "host") {
            out.headers[authority].second.assign(value.data(), value.size());
            --n;
            continue;
        }
        if (connectionSpecific(h.first)) {
            --n;
            continue;
        }
        h.second.assign(value.data(), value.size());
    }
    out.count = n;
    const std::string_view b = wire.substr(headEnd + 4);
    body.assign(b.data(), b.size());
    out.body = &body;
    return !out.headers[authority].second.empty();
}

} // namespace lw::engine
