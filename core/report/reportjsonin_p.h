#pragma once

// Internal to core/report: the strict JSON reader reportFromJson() is built on. It reads values at
// JSON paths and keeps the first failure as "path: problem".

#include "results/runjson.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <cmath>

namespace lw::report::detail {

// Reads values at paths; the first failure is kept, later reads return defaults.
class In
{
public:
    explicit In(QString *error) : m_error(error) {}
    bool ok() const { return m_ok; }
    void fail(const QString &path, const QString &why)
    {
        if (!m_ok)
            return;
        m_ok = false;
        if (m_error)
            *m_error = path + QStringLiteral(": ") + why;
    }
    static QString at(const QString &path, const QString &key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }
    static QString at(const QString &path, qsizetype i)
    {
        return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
    }

    QJsonValue value(const QJsonObject &o, const QString &path, const char *key)
    {
        const QString k = QLatin1String(key);
        const auto it = o.constFind(k);
        if (it == o.constEnd()) {
            fail(at(path, k), QStringLiteral("missing"));
            return {};
        }
        return *it;
    }
    double number(const QJsonValue &v, const QString &path)
    {
        if (!v.isDouble()) {
            fail(path, QStringLiteral("expected a number"));
            return 0;
        }
        return v.toDouble();
    }
    qint64 integer(const QJsonValue &v, const QString &path)
    {
        const double d = number(v, path);
        if (m_ok && (d != std::floor(d) || std::fabs(d) > 9007199254740992.0)) {
            fail(path, QStringLiteral("expected an integer"));
            return 0;
        }
        return v.toInteger();
    }
    double number(const QJsonObject &o, const QString &path, const char *key)
    {
        return number(value(o, path, key), at(path, QLatin1String(key)));
    }
    qint64 integer(const QJsonObject &o, const QString &path, const char *key)
    {
        return integer(value(o, path, key), at(path, QLatin1String(key)));
    }
    QString string(const QJsonObject &o, const QString &path, const char *key)
    {
        const QJsonValue v = value(o, path, key);
        if (m_ok && !v.isString())
            fail(at(path, QLatin1String(key)), QStringLiteral("expected a string"));
        return v.toString();
    }
    bool boolean(const QJsonObject &o, const QString &path, const char *key)
    {
        const QJsonValue v = value(o, path, key);
        if (m_ok && !v.isBool())
            fail(at(path, QLatin1String(key)), QStringLiteral("expected true or false"));
        return v.toBool();
    }
    QJsonObject object(const QJsonObject &o, const QString &path, const char *key)
    {
        const QJsonValue v = value(o, path, key);
        if (m_ok && !v.isObject())
            fail(at(path, QLatin1String(key)), QStringLiteral("expected an object"));
        return v.toObject();
    }
    QJsonArray array(const QJsonObject &o, const QString &path, const char *key)
    {
        const QJsonValue v = value(o, path, key);
        if (m_ok && !v.isArray())
            fail(at(path, QLatin1String(key)), QStringLiteral("expected an array"));
        return v.toArray();
    }
    QJsonObject objectAt(const QJsonArray &a, const QString &path, qsizetype i)
    {
        if (m_ok && !a.at(i).isObject())
            fail(at(path, i), QStringLiteral("expected an object"));
        return a.at(i).toObject();
    }
    QJsonArray arrayAt(const QJsonArray &a, const QString &path, qsizetype i, qsizetype size)
    {
        const QJsonValue v = a.at(i);
        if (m_ok && (!v.isArray() || (size >= 0 && v.toArray().size() != size)))
            fail(at(path, i), QStringLiteral("expected an array of %1 values").arg(size));
        return v.toArray();
    }
    // ISO 8601 UTC text or null (invalid time).
    QDateTime time(const QJsonObject &o, const QString &path, const char *key)
    {
        const QJsonValue v = value(o, path, key);
        if (!m_ok || v.isNull())
            return {};
        QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        if (!v.isString() || !t.isValid()) {
            fail(at(path, QLatin1String(key)), QStringLiteral("expected an ISO 8601 time or null"));
            return {};
        }
        return t.toUTC();
    }
    // A nested value type read by one of the run JSON readers (they report without a path).
    template <class T> void nested(const QJsonObject &o, const QString &path, T *out)
    {
        QString why;
        if (m_ok && !lw::fromJson(o, out, &why))
            fail(path, why);
    }
    void columns(const QJsonObject &table, const QString &path, const QStringList &expected)
    {
        const QJsonArray c = array(table, path, "columns");
        if (m_ok && c != QJsonArray::fromStringList(expected))
            fail(at(path, QStringLiteral("columns")),
                 QStringLiteral("expected [%1]").arg(expected.join(QStringLiteral(", "))));
    }

private:
    QString *m_error;
    bool m_ok = true;
};

} // namespace lw::report::detail
