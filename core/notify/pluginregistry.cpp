#include "notify/pluginregistry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonObject>
#include <QLibrary>
#include <QPluginLoader>
#include <QStandardPaths>

namespace lw::notify {

namespace {

const QString kIidFamily = QStringLiteral("dev.loadwright.NotificationPlugin/");

} // namespace

PluginMetadata readPluginMetadata(const QJsonObject &meta)
{
    PluginMetadata m;
    m.empty = meta.isEmpty();
    m.iid = meta.value(QStringLiteral("IID")).toString();
    const QJsonObject custom = meta.value(QStringLiteral("MetaData")).toObject();
    m.name = custom.value(QStringLiteral("name")).toString();
    m.version = custom.value(QStringLiteral("version")).toString();
    if (m.empty || m.iid == QLatin1String(LW_NOTIFICATION_PLUGIN_IID))
        return m;
    m.error = m.iid.startsWith(kIidFamily)
                  ? QStringLiteral("built for notification interface %1, this Loadwright needs %2: "
                                   "rebuild the plugin against this version")
                        .arg(m.iid.mid(kIidFamily.size()))
                        .arg(kNotificationPluginApiVersion)
                  : QStringLiteral("not a notification plugin (its interface is '%1')").arg(m.iid);
    return m;
}

PluginRegistry::PluginRegistry() = default;
PluginRegistry::~PluginRegistry() = default; // loaders are destroyed without unloading

QString PluginRegistry::userDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/plugins");
}

QStringList PluginRegistry::defaultDirectories()
{
    QStringList dirs;
    const QString env = qEnvironmentVariable("LOADWRIGHT_PLUGIN_PATH");
    for (const QString &d : env.split(QLatin1Char(':'), Qt::SkipEmptyParts))
        dirs << d;
    if (QCoreApplication::instance()) {
        const QString app = QCoreApplication::applicationDirPath();
        dirs << app + QStringLiteral("/../plugins");
        dirs << app + QStringLiteral("/../" LW_INSTALL_LIBDIR "/loadwright/plugins");
    }
    dirs << QStringLiteral(LW_INSTALL_FULL_LIBDIR "/loadwright/plugins");
    dirs << userDirectory();
    QStringList unique;
    QStringList seen;
    for (const QString &d : std::as_const(dirs)) {
        const QFileInfo info(d);
        const QString key =
            info.exists() ? info.canonicalFilePath() : QDir::cleanPath(info.absoluteFilePath());
        if (!seen.contains(key)) {
            seen << key;
            unique << QDir::cleanPath(info.absoluteFilePath());
        }
    }
    return unique;
}

void PluginRegistry::load(const QStringList &dirs)
{
    m_dirs = dirs;
    for (const QString &dir : dirs) {
        const QDir d(dir);
        if (!d.exists())
            continue;
        const QFileInfoList files = d.entryInfoList(QDir::Files | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo &f : files) {
            if (QLibrary::isLibrary(f.fileName()))
                loadFile(f.absoluteFilePath());
        }
    }
}

void PluginRegistry::loadFile(const QString &path)
{
    PluginInfo info;
    info.file = path;
    auto loader = std::make_unique<QPluginLoader>(path);
    const PluginMetadata meta = readPluginMetadata(loader->metaData());
    info.name = meta.name;
    info.version = meta.version;
    if (meta.empty) {
        loader->load(); // for its error text
        info.error = QStringLiteral("not a Qt plugin (%1)").arg(loader->errorString());
    } else if (!meta.error.isEmpty()) {
        info.error = meta.error;
    } else {
        QObject *root = loader->instance();
        auto *plugin = qobject_cast<NotificationPlugin *>(root);
        if (!root) {
            info.error = QStringLiteral("could not be loaded: %1").arg(loader->errorString());
        } else if (!plugin) {
            info.error = QStringLiteral("its root object does not implement the notification interface");
        } else if (plugin->apiVersion() != kNotificationPluginApiVersion) {
            info.error = QStringLiteral("reports interface version %1, this Loadwright needs %2")
                             .arg(plugin->apiVersion())
                             .arg(kNotificationPluginApiVersion);
        } else if (plugin->name().isEmpty()) {
            info.error = QStringLiteral("has no name");
        } else if (const PluginInfo *first = find(plugin->name())) {
            info.name = plugin->name();
            info.error =
                QStringLiteral("a plugin named '%1' was already loaded from %2").arg(info.name, first->file);
        } else {
            info.loaded = true;
            info.plugin = plugin;
            info.name = plugin->name();
            info.version = plugin->version();
            info.description = plugin->description();
            info.fields = plugin->configFields();
        }
    }
    if (info.name.isEmpty())
        info.name = QFileInfo(path).completeBaseName();
    m_plugins.append(info);
    m_loaders.push_back(std::move(loader)); // never unloaded: deliver() may still run somewhere
}

const PluginInfo *PluginRegistry::find(const QString &name) const
{
    for (const PluginInfo &p : m_plugins) {
        if (p.loaded && p.name == name)
            return &p;
    }
    return nullptr;
}

NotificationPlugin *PluginRegistry::plugin(const QString &name) const
{
    const PluginInfo *p = find(name);
    return p ? p->plugin : nullptr;
}

QStringList PluginRegistry::loadedNames() const
{
    QStringList names;
    for (const PluginInfo &p : m_plugins) {
        if (p.loaded)
            names << p.name;
    }
    return names;
}

QString PluginRegistry::missingMessage(const QString &name) const
{
    const QStringList names = loadedNames();
    return QStringLiteral("no plugin named '%1' is loaded (%2; see 'loadwright plugins')")
        .arg(name, names.isEmpty() ? QStringLiteral("none is loaded")
                                   : QStringLiteral("loaded: ") + names.join(QStringLiteral(", ")));
}

} // namespace lw::notify
