#pragma once

// Internal to lw_core: typed, path-tracking accessors over an nlohmann::json DOM for the strict
// strategy reader. Every problem is collected as a ValidationIssue instead of thrown.

#include "model/strategyjson.h"
#include "model/strategysuggest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <initializer_list>
#include <string>

namespace lw::jsonread {

using json = nlohmann::json;

inline QString qs(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

inline QString join(const QString &path, const char *key)
{
    return path.isEmpty() ? QString::fromLatin1(key) : path + QLatin1Char('.') + QLatin1String(key);
}

inline QString index(const QString &path, std::size_t i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

inline QString typeName(const json &v)
{
    switch (v.type()) {
    case json::value_t::null:
        return QStringLiteral("null");
    case json::value_t::object:
        return QStringLiteral("an object");
    case json::value_t::array:
        return QStringLiteral("an array");
    case json::value_t::string:
        return QStringLiteral("a string");
    case json::value_t::boolean:
        return QStringLiteral("a boolean");
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float:
        return QStringLiteral("a number");
    default:
        return QStringLiteral("an unsupported value");
    }
}

template <typename E> QStringList texts(const QList<E> &values)
{
    QStringList out;
    for (E v : values)
        out.append(toString(v));
    return out;
}

class StrategyJsonFieldReader
{
public:
    QList<ValidationIssue> issues;

    qint64 suppressed = 0; // issues beyond kMaxListedIssues, only counted

    void fail(const QString &path, const QString &message)
    {
        if (issues.size() < kMaxListedIssues)
            issues.append(ValidationIssue{path, message});
        else
            ++suppressed;
    }

    // Reports a non-object and every key not in fields (with a suggestion); true when v is an object.
    bool object(const json &v, const QString &path, std::initializer_list<const char *> fields)
    {
        if (!v.is_object()) {
            fail(path, QStringLiteral("must be an object, not ") + typeName(v));
            return false;
        }
        for (auto it = v.begin(); it != v.end(); ++it) {
            const std::string &name = it.key();
            if (std::any_of(fields.begin(), fields.end(), [&name](const char *f) { return name == f; }))
                continue;
            // Only an unknown key pays for building the list of allowed names.
            QStringList allowed;
            for (const char *f : fields)
                allowed.append(QString::fromLatin1(f));
            const QString key = qs(name);
            const QString hint = didYouMean(key, allowed);
            fail(path.isEmpty() ? key : path + QLatin1Char('.') + key,
                 hint.isEmpty()
                     ? QStringLiteral("unknown field; allowed fields: ") + allowed.join(QStringLiteral(", "))
                     : QStringLiteral("unknown field") + hint);
        }
        return true;
    }

    // The value of key, or nullptr when absent (reported when required). null counts as absent only
    // for optional values (nullable = true).
    const json *get(const json &obj, const QString &path, const char *key, bool required,
                    bool nullable = false)
    {
        const auto it = obj.find(key);
        if (it == obj.end() || (nullable && it->is_null())) {
            if (required)
                fail(join(path, key), QStringLiteral("is required"));
            return nullptr;
        }
        return &*it;
    }

    void read(const json &obj, const QString &path, const char *key, QString &out, bool required = false)
    {
        if (const json *v = get(obj, path, key, required)) {
            if (v->is_string())
                out = qs(v->get_ref<const std::string &>());
            else
                fail(join(path, key), QStringLiteral("must be a string, not ") + typeName(*v));
        }
    }

    void read(const json &obj, const QString &path, const char *key, bool &out, bool required = false)
    {
        if (const json *v = get(obj, path, key, required)) {
            if (v->is_boolean())
                out = v->get<bool>();
            else
                fail(join(path, key), QStringLiteral("must be true or false, not ") + typeName(*v));
        }
    }

    bool number(const json &v, const QString &path, double &out)
    {
        if (!v.is_number()) {
            fail(path, QStringLiteral("must be a number, not ") + typeName(v));
            return false;
        }
        out = v.get<double>();
        return true;
    }

    bool integer(const json &v, const QString &path, qint64 min, qint64 max, qint64 &out)
    {
        if (v.is_number_float()) {
            fail(path, QStringLiteral("must be a whole number"));
            return false;
        }
        if (!v.is_number_integer()) {
            fail(path, QStringLiteral("must be an integer, not ") + typeName(v));
            return false;
        }
        if ((v.is_number_unsigned() && v.get<std::uint64_t>() > std::uint64_t(max)) ||
            (!v.is_number_unsigned() && (v.get<std::int64_t>() < min || v.get<std::int64_t>() > max))) {
            fail(path, QStringLiteral("is out of range"));
            return false;
        }
        out = v.get<std::int64_t>();
        return true;
    }

    void read(const json &obj, const QString &path, const char *key, double &out, bool required = false)
    {
        if (const json *v = get(obj, path, key, required))
            number(*v, join(path, key), out);
    }

    void read(const json &obj, const QString &path, const char *key, std::optional<double> &out)
    {
        double d = 0;
        if (const json *v = get(obj, path, key, false, true); v && number(*v, join(path, key), d))
            out = d;
    }

    void read(const json &obj, const QString &path, const char *key, int &out, bool required = false)
    {
        qint64 i = 0;
        if (const json *v = get(obj, path, key, required);
            v && integer(*v, join(path, key), INT_MIN, INT_MAX, i))
            out = int(i);
    }

    void read(const json &obj, const QString &path, const char *key, std::optional<int> &out)
    {
        qint64 i = 0;
        if (const json *v = get(obj, path, key, false, true);
            v && integer(*v, join(path, key), INT_MIN, INT_MAX, i))
            out = int(i);
    }

    void read(const json &obj, const QString &path, const char *key, std::optional<qint64> &out)
    {
        qint64 i = 0;
        if (const json *v = get(obj, path, key, false, true);
            v && integer(*v, join(path, key), LLONG_MIN, LLONG_MAX, i))
            out = i;
    }

    void read(const json &obj, const QString &path, const char *key, QStringList &out)
    {
        const json *v = get(obj, path, key, false);
        if (!v)
            return;
        const QString p = join(path, key);
        if (!v->is_array()) {
            fail(p, QStringLiteral("must be an array of strings, not ") + typeName(*v));
            return;
        }
        for (std::size_t i = 0; i < v->size(); ++i) {
            const json &item = (*v)[i];
            if (item.is_string())
                out.append(qs(item.get_ref<const std::string &>()));
            else
                fail(index(p, i), QStringLiteral("must be a string, not ") + typeName(item));
        }
    }

    template <typename E>
    void readEnum(const json &v, const QString &path, E &out, const QStringList &allowed)
    {
        if (!v.is_string()) {
            fail(path, QStringLiteral("must be a string, not ") + typeName(v));
            return;
        }
        const QString text = qs(v.get_ref<const std::string &>());
        if (const std::optional<E> value = fromString<E>(text)) {
            out = *value;
            return;
        }
        fail(path, QLatin1Char('"') + text + QStringLiteral("\" is not allowed") + didYouMean(text, allowed) +
                       QStringLiteral("; expected one of: ") + allowed.join(QStringLiteral(", ")));
    }

    template <typename E>
    void readEnum(const json &obj, const QString &path, const char *key, E &out, const QList<E> &values,
                  bool required = false)
    {
        if (const json *v = get(obj, path, key, required))
            readEnum(*v, join(path, key), out, texts(values));
    }

    void readMetric(const json &obj, const QString &path, const char *key, Metric &out, bool required)
    {
        static const QStringList allowed = {
            QStringLiteral("p50"), QStringLiteral("p90"),        QStringLiteral("p95"),
            QStringLiteral("p99"), QStringLiteral("p99.9"),      QStringLiteral("mean"),
            QStringLiteral("max"), QStringLiteral("throughput"), QStringLiteral("error_rate"),
            QStringLiteral("cpu"), QStringLiteral("memory"),     QStringLiteral("check_failure_rate")};
        const json *v = get(obj, path, key, required);
        if (!v)
            return;
        const QString p = join(path, key);
        if (!v->is_string()) {
            fail(p, QStringLiteral("must be a string, not ") + typeName(*v));
            return;
        }
        const QString text = qs(v->get_ref<const std::string &>());
        if (const std::optional<Metric> m = fromString<Metric>(text)) {
            out = *m;
            return;
        }
        fail(p,
             QLatin1Char('"') + text + QStringLiteral("\" is not a metric") + didYouMean(text, allowed) +
                 QStringLiteral("; expected a latency percentile such as p50, p95, p99 or p99.9, or one of: "
                                "mean, max, throughput, error_rate, cpu, memory, check_failure_rate"));
    }

    template <typename T, typename F>
    void readList(const json &obj, const QString &path, const char *key, QList<T> &out, F &&item,
                  bool required = false)
    {
        const json *v = get(obj, path, key, required);
        if (!v)
            return;
        const QString p = join(path, key);
        if (!v->is_array()) {
            fail(p, QStringLiteral("must be an array, not ") + typeName(*v));
            return;
        }
        out.reserve(qsizetype(v->size()));
        for (std::size_t i = 0; i < v->size(); ++i) {
            T value;
            item((*v)[i], index(p, i), value);
            out.append(std::move(value));
        }
    }
};

} // namespace lw::jsonread
