// libFuzzer target for the saved-report loader (readSavedReportContent, the part of
// openSavedReport() after the SQL read): the stored qCompress() content, its SHA-256 check and the
// report JSON inside. The first byte chooses whether the recorded SHA-256 matches what the content
// decompresses to (so the fuzzer gets past the check) or is a fixed, wrong one.
// Invariants: no crash and no allocation the content's size header alone asks for; a refusal
// always says why.

#include "report/savedreports.h"

#include <QCryptographicHash>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray content(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QString expected = QStringLiteral("0000000000000000000000000000000000000000000000000000000000000000");
    if (data[0] & 1) {
        // Only for content whose header is within bounds: the loader must not inflate the others.
        const qint64 declared = content.size() < 4
                                    ? 0
                                    : (qint64(uchar(content[0])) << 24 | qint64(uchar(content[1])) << 16 |
                                       qint64(uchar(content[2])) << 8 | qint64(uchar(content[3])));
        if (declared > 0 && declared <= lw::report::kMaxSavedReportBytes)
            expected = QString::fromLatin1(
                QCryptographicHash::hash(qUncompress(content), QCryptographicHash::Sha256).toHex());
    }
    QString error;
    const auto report = lw::report::readSavedReportContent(content, expected, 7, &error);
    if (!report && !error.contains(QStringLiteral("saved report 7")))
        std::abort();
    return 0;
}
