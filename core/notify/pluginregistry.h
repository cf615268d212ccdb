#pragma once

// Finds and loads notification plugins. Each file in the plugin directories is checked in order:
// its metadata is read first (IID, name) without running its code, then the root object is created
// and asked for its apiVersion(). A file that is not a plugin, was built for another interface
// version or misses a symbol is listed with the reason; loading never fails as a whole.
//
// Directories, in order (the first plugin of a name wins): $LOADWRIGHT_PLUGIN_PATH (colon-separated),
// the build tree's <build>/plugins next to <build>/bin, the installed <libdir>/loadwright/plugins
// (relative to the executable, then the configured prefix), and the user's
// <AppDataLocation>/plugins. Plugins stay loaded for the life of the process; the registry may be
// read from any thread after load().

#include "notify/notificationplugin.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

class QJsonObject;
class QPluginLoader;

namespace lw::notify {

struct PluginInfo
{
    QString file; // absolute path
    QString name; // from the plugin (or its metadata when it failed later)
    QString version;
    QString description;
    bool loaded = false;
    QString error;                        // why it did not load: for people
    NotificationPlugin *plugin = nullptr; // owned by its loader; null unless loaded
    QList<ConfigField> fields;
};

// What a plugin file's metadata (QPluginLoader::metaData()) says before any of its code runs.
struct PluginMetadata
{
    bool empty = true; // no metadata at all: not a Qt plugin
    QString iid;
    QString name;    // MetaData.name, may be empty
    QString version; // MetaData.version, may be empty
    QString error;   // why it is not a notification plugin of this interface version; empty if it is
};
// Reads meta without trusting its shape (any JSON may be there).
PluginMetadata readPluginMetadata(const QJsonObject &meta);

class PluginRegistry
{
public:
    PluginRegistry();
    ~PluginRegistry();
    PluginRegistry(const PluginRegistry &) = delete;
    PluginRegistry &operator=(const PluginRegistry &) = delete;

    static QStringList defaultDirectories();
    static QString userDirectory();

    // Loads every plugin file of dirs (missing directories are skipped). Call once.
    void load(const QStringList &dirs = defaultDirectories());

    QStringList directories() const { return m_dirs; }
    const QList<PluginInfo> &plugins() const { return m_plugins; } // loaded and failed, in load order
    const PluginInfo *find(const QString &name) const;             // loaded plugins only
    NotificationPlugin *plugin(const QString &name) const;
    QStringList loadedNames() const;
    // "no plugin named 'x' is loaded (loaded: a, b; see 'loadwright plugins')".
    QString missingMessage(const QString &name) const;

private:
    void loadFile(const QString &path);

    QStringList m_dirs;
    QList<PluginInfo> m_plugins;
    std::vector<std::unique_ptr<QPluginLoader>> m_loaders;
};

} // namespace lw::notify
