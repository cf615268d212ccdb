#pragma once

// Field-level differences between two strategies (or two strategy documents), computed over their
// JSON trees so every field of the document is covered. Used by the revision history and, later,
// to show what changed since the last approved revision.

#include "model/strategy.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace lw {

struct FieldChange
{
    // JSON path as in validation messages: "load.stages[1].target". Indexes are those of the
    // newer document (b), or of the older one (a) for a removed item.
    QString path;
    QString oldPath; // the same field's path in a (differs when a keyed item moved); empty when Added
    QString before;  // empty when Added; strings unquoted, other values as compact JSON
    QString after;   // empty when Removed
    enum Kind
    {
        Added,
        Removed,
        Changed
    } kind = Changed;
    bool operator==(const FieldChange &o) const
    {
        return path == o.path && before == o.before && after == o.after && kind == o.kind;
    }
};

// Arrays of objects that carry a unique "id" (risks) or "name" (targets, limits...) in both
// documents are matched by that key, so inserting or reordering items does not show every later
// item as changed; a reorder is reported once as a change of the array's key order. Other arrays
// (stages, lists of strings) are compared by index.
QList<FieldChange> diffStrategies(const Strategy &a, const Strategy &b);

// The same over two JSON documents (e.g. stored revisions). Returns false with error set when a
// document is not valid JSON.
bool diffJsonDocuments(const QByteArray &a, const QByteArray &b, QList<FieldChange> *changes, QString *error);

// A document pretty-printed (2-space indent, key order kept) with, for each line, the JSON path
// of the value that line belongs to ("" for the root braces), to highlight changed lines.
struct AnnotatedJson
{
    QStringList lines;
    QStringList paths; // same size as lines
    // Lines whose path is one of paths or lies inside one of them.
    QList<int> linesWithin(const QStringList &paths) const;
};
AnnotatedJson annotateJson(const QByteArray &json, QString *error = nullptr);

QString toString(FieldChange::Kind kind); // "added", "removed", "changed"

} // namespace lw
