#pragma once

// Helpers shared by the notification tests: plugin directories with good and broken files, the
// lines the test plugin wrote, and a channel of the test plugin.

#include "notify/channelstore.h"
#include "storage/workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

namespace lw::test {

// dir gets: the test plugin, the same plugin built for interface 2, a copy of a shared library that
// is no plugin, and a text file named *.so.
inline bool fillPluginDir(const QString &dir)
{
    QDir().mkpath(dir);
    bool ok = QFile::copy(QStringLiteral(LW_TESTSINK_DIR "/liblw_testsink.so"),
                          dir + QStringLiteral("/liblw_testsink.so"));
    ok = ok && QFile::copy(QStringLiteral(LW_TESTSINK_V2_DIR "/liblw_testsink_v2.so"),
                           dir + QStringLiteral("/liblw_testsink_v2.so"));
    for (const char *lib : {"/usr/lib/x86_64-linux-gnu/libz.so.1", "/lib/x86_64-linux-gnu/libz.so.1"}) {
        if (QFile::exists(QString::fromLatin1(lib))) {
            ok = ok && QFile::copy(QString::fromLatin1(lib), dir + QStringLiteral("/libnotaplugin.so"));
            break;
        }
    }
    QFile text(dir + QStringLiteral("/libtext.so"));
    ok = ok && text.open(QIODevice::WriteOnly) && text.write("this is not a library\n") > 0;
    return ok;
}

// The JSON lines the test plugin appended to file.
inline QList<QJsonObject> sinkLines(const QString &file)
{
    QList<QJsonObject> lines;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return lines;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    }
    return lines;
}

inline QStringList sinkEvents(const QString &file)
{
    QStringList events;
    for (const QJsonObject &o : sinkLines(file))
        events << o.value(QStringLiteral("event")).toString();
    return events;
}

inline int countRows(const Workspace &ws, const QString &sql)
{
    QSqlQuery q(QSqlDatabase::database(ws.connectionName(), false));
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toInt();
}

} // namespace lw::test
