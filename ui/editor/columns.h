#pragma once

// Column factories binding struct members to table columns (see listtablemodel.h).

#include "editor/listtablemodel.h"
#include "model/strategy.h"
#include "model/strategywords.h"

namespace lw::ui {

// "emergency_stop" -> "Emergency stop": readable names for JSON enum values.
QString humanize(const QString &jsonValue);
// Suggested metric texts for metric columns ("p50", "p99", "mean", "error_rate", ...).
QStringList metricSuggestions();

template <typename T>
Field<T> textField(const QString &title, const QString &key, QString T::*m, const QString &placeholder = {},
                   int width = 0)
{
    Field<T> f;
    f.spec.title = title;
    f.spec.key = key;
    f.spec.placeholder = placeholder;
    f.spec.width = width;
    f.get = [m](const T &t) {
        return QVariant(t.*m);
    };
    f.set = [m](T &t, const QVariant &v) {
        t.*m = v.toString();
        return true;
    };
    return f;
}

template <typename T>
Field<T> numberField(const QString &title, const QString &key, double T::*m, double minimum, double maximum,
                     int decimals, int width = 110)
{
    Field<T> f;
    f.spec.title = title;
    f.spec.key = key;
    f.spec.kind = ColumnKind::Number;
    f.spec.minimum = minimum;
    f.spec.maximum = maximum;
    f.spec.decimals = decimals;
    f.spec.width = width;
    f.get = [m](const T &t) {
        return QVariant(t.*m);
    };
    f.set = [m](T &t, const QVariant &v) {
        t.*m = v.toDouble();
        return true;
    };
    return f;
}

// A threshold column: the number with the unit of the row's metric ("200 ms", "5 %").
template <typename T>
Field<T> thresholdField(const QString &title, const QString &key, double T::*m, Metric T::*metric, int width)
{
    Field<T> f = numberField<T>(title, key, m, 0, 1e12, 3, width);
    f.unit = [metric](const T &t) {
        return metricUnit(t.*metric);
    };
    f.spec.toolTip = QObject::tr("In the metric's unit: ms for latency, req/s, % for error rate, % of one "
                                 "core for cpu, MiB for memory");
    return f;
}

template <typename T>
Field<T> intField(const QString &title, const QString &key, int T::*m, int minimum, int maximum,
                  int width = 90)
{
    Field<T> f;
    f.spec.title = title;
    f.spec.key = key;
    f.spec.kind = ColumnKind::Integer;
    f.spec.minimum = minimum;
    f.spec.maximum = maximum;
    f.spec.width = width;
    f.get = [m](const T &t) {
        return QVariant(t.*m);
    };
    f.set = [m](T &t, const QVariant &v) {
        t.*m = v.toInt();
        return true;
    };
    return f;
}

template <typename T>
Field<T> checkField(const QString &title, const QString &key, bool T::*m, int width = 90)
{
    Field<T> f;
    f.spec.title = title;
    f.spec.key = key;
    f.spec.kind = ColumnKind::Check;
    f.spec.width = width;
    f.get = [m](const T &t) {
        return QVariant(t.*m);
    };
    f.set = [m](T &t, const QVariant &v) {
        t.*m = v.toBool();
        return true;
    };
    return f;
}

template <typename T, typename E>
Field<T> choiceField(const QString &title, const QString &key, E T::*m, const QList<E> &values,
                     int width = 140)
{
    Field<T> f;
    f.spec.title = title;
    f.spec.key = key;
    f.spec.kind = ColumnKind::Choice;
    f.spec.width = width;
    for (E v : values) {
        f.spec.choices.append(toString(v));
        f.spec.choiceNames.append(humanize(toString(v)));
    }
    f.get = [m](const T &t) {
        return QVariant(toString(t.*m));
    };
    f.set = [m](T &t, const QVariant &v) {
        const std::optional<E> e = fromString<E>(v.toString());
        if (!e)
            return false;
        t.*m = *e;
        return true;
    };
    return f;
}

template <typename T>
Field<T> metricField(const QString &title, const QString &key, Metric T::*m, int width = 120)
{
    Field<T> f;
    f.spec.title = title;
    f.spec.key = key;
    f.spec.kind = ColumnKind::Combo;
    f.spec.choices = metricSuggestions();
    f.spec.width = width;
    f.spec.toolTip = QObject::tr("p50, p95, p99, p99.9 (latency percentile, ms), mean, max (ms), "
                                 "throughput (req/s), error_rate (%), cpu (% of one core: 200 % is two "
                                 "cores), memory (MiB)");
    f.get = [m](const T &t) {
        return QVariant(toString(t.*m));
    };
    f.set = [m](T &t, const QVariant &v) {
        const std::optional<Metric> metric = fromString<Metric>(v.toString().trimmed());
        if (!metric)
            return false;
        t.*m = *metric;
        return true;
    };
    return f;
}

} // namespace lw::ui
