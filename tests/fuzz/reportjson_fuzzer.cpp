// libFuzzer target for the report JSON reader (reportFromJson, REPORT-FORMAT.md): the documents
// `loadwright report --format json` writes and the workbench opens.
// Invariants: no crash; a refusal names a JSON path; an accepted document written back with toJson()
// reads again to the same document (nothing is lost or invented on the way).

#include "report/runreport.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!doc.isObject())
        return 0;
    QString error;
    const auto report = lw::report::reportFromJson(doc.object(), &error);
    if (!report) {
        if (error.isEmpty())
            std::abort();
        return 0;
    }
    const QJsonObject written = lw::report::toJson(*report);
    const auto again = lw::report::reportFromJson(written, &error);
    if (!again || lw::report::toJson(*again) != written)
        std::abort();
    return 0;
}
