#pragma once

// Shared helpers for the strategy model tests: the sample files and a strict file reader.

#include <QDir>
#include <QFile>
#include <QStringList>
#include <QTest>

namespace lw::test {

inline QString samplesDir()
{
    return QStringLiteral(LW_SOURCE_DIR "/resources/strategies");
}

// Every sample strategy shipped in resources/strategies (sorted file names).
inline QStringList sampleFiles()
{
    return QDir(samplesDir()).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
}

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

inline QByteArray readSample(const QString &name)
{
    return readFile(samplesDir() + QLatin1Char('/') + name);
}

} // namespace lw::test
