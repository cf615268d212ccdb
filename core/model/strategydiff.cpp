#include "model/strategydiff.h"

#include "model/strategyjson.h"

#include <QHash>
#include <QSet>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

namespace lw {

namespace {

using Json = nlohmann::ordered_json;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString display(const Json &v)
{
    if (v.is_string())
        return qs(v.get<std::string>());
    return qs(v.dump(-1, ' ', false, Json::error_handler_t::replace));
}

QString member(const QString &path, const std::string &key)
{
    return path.isEmpty() ? qs(key) : path + QLatin1Char('.') + qs(key);
}

QString element(const QString &path, qsizetype index)
{
    return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

// The member that identifies the array's items, when every item of both arrays has a unique,
// non-empty string under it; empty otherwise.
std::string identityKey(const Json &a, const Json &b)
{
    for (const char *key : {"id", "name"}) {
        bool usable = !a.empty() || !b.empty();
        for (const Json *arr : {&a, &b}) {
            std::vector<std::string> seen;
            for (const Json &item : *arr) {
                if (!item.is_object() || !item.contains(key) || !item[key].is_string() ||
                    item[key].get<std::string>().empty()) {
                    usable = false;
                    break;
                }
                const std::string value = item[key].get<std::string>();
                if (std::find(seen.begin(), seen.end(), value) != seen.end()) {
                    usable = false;
                    break;
                }
                seen.push_back(value);
            }
            if (!usable)
                break;
        }
        if (usable)
            return key;
    }
    return {};
}

class Differ
{
public:
    QList<FieldChange> changes;

    void diff(const Json &a, const Json &b, const QString &path, const QString &oldPath)
    {
        if (a.is_object() && b.is_object()) {
            for (auto it = a.begin(); it != a.end(); ++it) {
                const auto other = b.find(it.key());
                if (other == b.end())
                    add(FieldChange::Removed, member(oldPath, it.key()), member(oldPath, it.key()),
                        display(it.value()), {});
                else
                    diff(it.value(), *other, member(path, it.key()), member(oldPath, it.key()));
            }
            for (auto it = b.begin(); it != b.end(); ++it) {
                if (!a.contains(it.key()))
                    add(FieldChange::Added, member(path, it.key()), {}, {}, display(it.value()));
            }
        } else if (a.is_array() && b.is_array()) {
            const std::string key = identityKey(a, b);
            if (key.empty())
                diffByIndex(a, b, path, oldPath);
            else
                diffByKey(a, b, key, path, oldPath);
        } else if (a != b) {
            add(FieldChange::Changed, path, oldPath, display(a), display(b));
        }
    }

private:
    void add(FieldChange::Kind kind, const QString &path, const QString &oldPath, const QString &before,
             const QString &after)
    {
        FieldChange c;
        c.kind = kind;
        c.path = path;
        c.oldPath = oldPath;
        c.before = before;
        c.after = after;
        changes.append(c);
    }

    void diffByIndex(const Json &a, const Json &b, const QString &path, const QString &oldPath)
    {
        const std::size_t common = std::min(a.size(), b.size());
        for (std::size_t i = 0; i < common; ++i)
            diff(a[i], b[i], element(path, qsizetype(i)), element(oldPath, qsizetype(i)));
        for (std::size_t i = common; i < b.size(); ++i)
            add(FieldChange::Added, element(path, qsizetype(i)), {}, {}, display(b[i]));
        for (std::size_t i = common; i < a.size(); ++i)
            add(FieldChange::Removed, element(oldPath, qsizetype(i)), element(oldPath, qsizetype(i)),
                display(a[i]), {});
    }

    void diffByKey(const Json &a, const Json &b, const std::string &key, const QString &path,
                   const QString &oldPath)
    {
        QHash<QString, std::size_t> indexInA;
        QHash<QString, std::size_t> indexInB;
        for (std::size_t i = 0; i < a.size(); ++i)
            indexInA.insert(qs(a[i][key].get<std::string>()), i);
        for (std::size_t j = 0; j < b.size(); ++j)
            indexInB.insert(qs(b[j][key].get<std::string>()), j);

        // Items present on both sides, in each side's order: if those differ, the order changed.
        QStringList orderA;
        QStringList orderB;
        for (const Json &item : a) {
            const QString k = qs(item[key].get<std::string>());
            if (indexInB.contains(k))
                orderA << k;
        }
        for (const Json &item : b) {
            const QString k = qs(item[key].get<std::string>());
            if (indexInA.contains(k))
                orderB << k;
        }
        if (orderA != orderB)
            add(FieldChange::Changed, path, oldPath,
                QStringLiteral("order: ") + orderA.join(QStringLiteral(", ")),
                QStringLiteral("order: ") + orderB.join(QStringLiteral(", ")));

        for (std::size_t j = 0; j < b.size(); ++j) {
            const auto i = indexInA.constFind(qs(b[j][key].get<std::string>()));
            if (i == indexInA.constEnd())
                add(FieldChange::Added, element(path, qsizetype(j)), {}, {}, display(b[j]));
            else
                diff(a[*i], b[j], element(path, qsizetype(j)), element(oldPath, qsizetype(*i)));
        }
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (!indexInB.contains(qs(a[i][key].get<std::string>())))
                add(FieldChange::Removed, element(oldPath, qsizetype(i)), element(oldPath, qsizetype(i)),
                    display(a[i]), {});
        }
    }
};

bool parse(const QByteArray &bytes, Json *out, QString *error, const char *which)
{
    try {
        *out = Json::parse(bytes.constData(), bytes.constData() + bytes.size());
        return true;
    } catch (const Json::exception &e) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QLatin1String(which), QString::fromUtf8(e.what()));
        return false;
    }
}

void annotate(const Json &v, const QString &path, int depth, const QString &prefix, bool comma,
              AnnotatedJson *out)
{
    const QString indent(depth * 2, QLatin1Char(' '));
    const QString tail = comma ? QStringLiteral(",") : QString();
    const bool container = v.is_object() || v.is_array();
    if (!container || v.empty()) {
        out->lines << indent + prefix + qs(v.dump(-1, ' ', false, Json::error_handler_t::replace)) + tail;
        out->paths << path;
        return;
    }
    out->lines << indent + prefix + (v.is_object() ? QStringLiteral("{") : QStringLiteral("["));
    out->paths << path;
    std::size_t n = 0;
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it, ++n) {
            const QString key = qs(Json(it.key()).dump()) + QStringLiteral(": ");
            annotate(it.value(), member(path, it.key()), depth + 1, key, n + 1 < v.size(), out);
        }
    } else {
        for (const Json &item : v) {
            annotate(item, element(path, qsizetype(n)), depth + 1, QString(), n + 1 < v.size(), out);
            ++n;
        }
    }
    out->lines << indent + (v.is_object() ? QStringLiteral("}") : QStringLiteral("]")) + tail;
    out->paths << path;
}

bool within(const QString &path, const QString &container)
{
    if (container.isEmpty() || path == container)
        return true;
    if (!path.startsWith(container) || path.size() <= container.size())
        return false;
    const QChar next = path.at(container.size());
    return next == QLatin1Char('.') || next == QLatin1Char('[');
}

} // namespace

QList<FieldChange> diffStrategies(const Strategy &a, const Strategy &b)
{
    QList<FieldChange> changes;
    QString error;
    diffJsonDocuments(toJson(a, false), toJson(b, false), &changes, &error);
    return changes;
}

bool diffJsonDocuments(const QByteArray &a, const QByteArray &b, QList<FieldChange> *changes, QString *error)
{
    Json ja;
    Json jb;
    if (!parse(a, &ja, error, "revision A") || !parse(b, &jb, error, "revision B"))
        return false;
    Differ d;
    d.diff(ja, jb, QString(), QString());
    if (changes)
        *changes = d.changes;
    return true;
}

QList<int> AnnotatedJson::linesWithin(const QStringList &containers) const
{
    QList<int> out;
    for (int i = 0; i < paths.size(); ++i) {
        for (const QString &c : containers) {
            if (within(paths.at(i), c)) {
                out << i;
                break;
            }
        }
    }
    return out;
}

AnnotatedJson annotateJson(const QByteArray &json, QString *error)
{
    AnnotatedJson out;
    Json doc;
    if (!parse(json, &doc, error, "document"))
        return out;
    annotate(doc, QString(), 0, QString(), false, &out);
    return out;
}

QString toString(FieldChange::Kind kind)
{
    switch (kind) {
    case FieldChange::Added:
        return QStringLiteral("added");
    case FieldChange::Removed:
        return QStringLiteral("removed");
    case FieldChange::Changed:
        break;
    }
    return QStringLiteral("changed");
}

} // namespace lw
