#pragma once

// The custom headers of a webhook channel: a Text field with one "Name: value" per line.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace lw::plugins {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// Parses the lines; on a bad line returns false and sets error (which names the line number, not
// the value: a header may hold a token).
bool parseCustomHeaders(const QString &text, HeaderList *headers, QString *error);

} // namespace lw::plugins
