#pragma once

// Writing an export file all-or-nothing (QSaveFile), with an error naming the path and what to do.

#include <QByteArray>
#include <QString>

namespace lw::report {

bool writeExportFile(const QString &path, const QByteArray &data, QString *error);

} // namespace lw::report
