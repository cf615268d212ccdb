// Histogram blobs of the run store: the engine's V2 compressed encoding, re-deflated with zlib's
// best level and the filtered strategy (about 12 % smaller for latency histograms than the default
// level the engine uses for speed). The result is still a standard V2 compressed encoding.

#include "hdr/hdrencoding.h"
#include "hdr/hdrhistogram.h"
#include "storage/runstore_p.h"

namespace lw::runstore {

std::optional<QByteArray> compactHistogram(const QByteArray &base64, QString *error)
{
    hdr::V2Header header;
    std::string payload;
    std::string why;
    if (!hdr::decodeCompressedV2(std::string_view(base64.constData(), size_t(base64.size())), header, payload,
                                 &why)) {
        if (error)
            *error = QString::fromStdString(why);
        return std::nullopt;
    }
    const std::string envelope = hdr::recompressV2Best(header, payload);
    if (envelope.empty()) {
        if (error)
            *error = QStringLiteral("zlib could not compress the histogram");
        return std::nullopt;
    }
    // Keep whichever is smaller; both are valid encodings of the same counts.
    QByteArray original = QByteArray::fromBase64(base64);
    if (!original.isEmpty() && original.size() <= qsizetype(envelope.size()))
        return original;
    return QByteArray(envelope.data(), qsizetype(envelope.size()));
}

bool mergeHistogram(std::optional<hdr::HdrHistogram> *total, const QByteArray &blob, QString *error)
{
    const QByteArray base64 = blob.toBase64();
    std::string why;
    auto h = hdr::HdrHistogram::decodeCompressed(std::string_view(base64.constData(), size_t(base64.size())),
                                                 &why);
    if (!h) {
        if (error)
            *error = QString::fromStdString(why);
        return false;
    }
    if (!total->has_value())
        *total = std::move(*h);
    else
        (*total)->add(*h);
    return true;
}

QByteArray encodeBase64(const hdr::HdrHistogram &h)
{
    const std::string text = h.encodeCompressed();
    return QByteArray(text.data(), qsizetype(text.size()));
}

} // namespace lw::runstore
