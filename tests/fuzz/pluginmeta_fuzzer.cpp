// libFuzzer target for the notification plugin metadata reader: what QPluginLoader::metaData()
// hands over before a plugin's code runs. Qt 6 stores plugin metadata as CBOR and converts it to
// JSON; the first byte chooses whether the rest is read as CBOR (as stored in a plugin file) or as
// the JSON object a plugin's metadata file holds, wrapped as moc wraps it.
// Invariants: no crash; a refusal has a reason; metadata with this build's IID is never refused.

#include "notify/pluginregistry.h"

#include <QCborValue>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray rest(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QJsonObject meta;
    if (data[0] & 1) {
        // As QPluginLoader does: only a CBOR map that parsed without error becomes metadata (Qt 6.4
        // crashes converting a failed parse, e.g. the lone byte 0x5f, to JSON).
        QCborParserError error;
        const QCborValue cbor = QCborValue::fromCbor(rest, &error);
        if (error.error != QCborError::NoError || !cbor.isMap())
            return 0;
        meta = cbor.toJsonValue().toObject();
    } else {
        const QJsonObject custom = QJsonDocument::fromJson(rest).object();
        meta = QJsonObject{{QStringLiteral("IID"), (data[0] & 2) ? QStringLiteral(LW_NOTIFICATION_PLUGIN_IID)
                                                                 : QString::fromUtf8(rest.left(64))},
                           {QStringLiteral("MetaData"), custom},
                           {QStringLiteral("className"), QStringLiteral("FuzzPlugin")}};
    }
    const lw::notify::PluginMetadata m = lw::notify::readPluginMetadata(meta);
    if (m.empty != meta.isEmpty())
        std::abort();
    if (!m.empty && m.iid == QLatin1String(LW_NOTIFICATION_PLUGIN_IID) && !m.error.isEmpty())
        std::abort();
    if (!m.empty && m.iid != QLatin1String(LW_NOTIFICATION_PLUGIN_IID) && m.error.isEmpty())
        std::abort();
    return 0;
}
