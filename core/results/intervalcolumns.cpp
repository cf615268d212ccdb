#include "results/intervalcolumns.h"

#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace lw {

namespace {

constexpr quint32 kFormat = 1;
// Integer columns, in stored order: the index, then these fields.
constexpr int kIntegerColumns = 16;

template <typename F> auto *integerColumn(F &f, int c)
{
    decltype(&f.sent) columns[] = {nullptr,          &f.sent,         &f.completed,   &f.errors,
                                   &f.httpErrors,    &f.dropped,      &f.vus,         &f.connections,
                                   &f.latency.count, &f.latency.p50,  &f.latency.p90, &f.latency.p95,
                                   &f.latency.p99,   &f.latency.p999, &f.latency.max, &f.latency.min};
    return columns[c];
}

qint64 integerAt(const IntervalFigures &f, int c)
{
    return c == 0 ? f.index : *integerColumn(f, c);
}

void putVarint(QByteArray &out, qint64 v)
{
    quint64 z = (quint64(v) << 1) ^ quint64(v >> 63); // zigzag
    char buf[10];
    int n = 0;
    while (z >= 0x80) {
        buf[n++] = char(z | 0x80);
        z >>= 7;
    }
    buf[n++] = char(z);
    out.append(buf, n);
}

bool getVarint(const uchar *&p, const uchar *end, qint64 *v)
{
    quint64 z = 0;
    for (int shift = 0; shift < 64 && p < end; shift += 7) {
        const uchar b = *p++;
        z |= quint64(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *v = qint64(z >> 1) ^ -qint64(z & 1);
            return true;
        }
    }
    return false;
}

void putDouble(QByteArray &out, double v)
{
    quint64 bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    bits = qToLittleEndian(bits);
    out.append(reinterpret_cast<const char *>(&bits), sizeof bits);
}

double getDouble(const uchar *p)
{
    quint64 bits = qFromLittleEndian<quint64>(p);
    double v = 0;
    std::memcpy(&v, &bits, sizeof v);
    return v;
}

} // namespace

bool IntervalFigures::operator==(const IntervalFigures &o) const
{
    const LatencySummary &a = latency;
    const LatencySummary &b = o.latency;
    return index == o.index && startS == o.startS && endS == o.endS && sent == o.sent &&
           completed == o.completed && errors == o.errors && httpErrors == o.httpErrors &&
           dropped == o.dropped && vus == o.vus && connections == o.connections && a.count == b.count &&
           a.p50 == b.p50 && a.p90 == b.p90 && a.p95 == b.p95 && a.p99 == b.p99 && a.p999 == b.p999 &&
           a.max == b.max && a.min == b.min && a.mean == b.mean;
}

IntervalFigures intervalFigures(const EngineInterval &in)
{
    IntervalFigures f;
    f.index = in.index;
    f.startS = in.startS;
    f.endS = in.endS;
    f.sent = in.sent;
    f.completed = in.completed;
    f.errors = in.errors;
    for (auto it = in.errorsByClass.cbegin(); it != in.errorsByClass.cend(); ++it) {
        if (it.key().startsWith(QLatin1String("http_")))
            f.httpErrors += it.value();
    }
    f.dropped = in.dropped;
    f.vus = in.vus;
    f.connections = in.connections;
    f.latency = in.latency;
    return f;
}

namespace intervalcolumns {

void put(QList<IntervalFigures> &rows, const IntervalFigures &f)
{
    if (rows.empty() || rows.back().index < f.index) {
        rows.push_back(f);
        return;
    }
    const auto at = std::lower_bound(rows.begin(), rows.end(), f.index,
                                     [](const IntervalFigures &r, int index) { return r.index < index; });
    if (at != rows.end() && at->index == f.index)
        *at = f;
    else
        rows.insert(at, f);
}

QByteArray encode(const QList<IntervalFigures> &rows)
{
    QByteArray raw;
    raw.reserve(qsizetype(rows.size()) * 48 + 16);
    putVarint(raw, kFormat);
    putVarint(raw, qint64(rows.size()));
    for (int c = 0; c < kIntegerColumns; ++c) {
        qint64 previous = 0;
        for (const IntervalFigures &f : rows) {
            const qint64 v = integerAt(f, c);
            putVarint(raw, v - previous);
            previous = v;
        }
    }
    for (const IntervalFigures &f : rows)
        putDouble(raw, f.startS);
    for (const IntervalFigures &f : rows)
        putDouble(raw, f.endS);
    for (const IntervalFigures &f : rows)
        putDouble(raw, f.latency.mean);
    return qCompress(raw, 6);
}

bool decode(const QByteArray &data, QList<IntervalFigures> *out, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    const QByteArray raw = qUncompress(data);
    if (raw.isEmpty())
        return fail(QStringLiteral("an interval block does not decompress"));
    const uchar *p = reinterpret_cast<const uchar *>(raw.constData());
    const uchar *end = p + raw.size();
    qint64 format = 0;
    qint64 n = 0;
    if (!getVarint(p, end, &format) || !getVarint(p, end, &n))
        return fail(QStringLiteral("an interval block is truncated"));
    if (format != kFormat)
        return fail(QStringLiteral("an interval block has format %1 (this version reads %2)")
                        .arg(format)
                        .arg(kFormat));
    // Every row takes at least one byte per integer column and 24 bytes of doubles.
    if (n < 0 || n > (end - p) / (kIntegerColumns + 24))
        return fail(QStringLiteral("an interval block is truncated"));
    const qsizetype first = out->size();
    out->resize(first + qsizetype(n));
    IntervalFigures *rows = out->data() + first;
    for (int c = 0; c < kIntegerColumns; ++c) {
        qint64 value = 0;
        for (qint64 i = 0; i < n; ++i) {
            qint64 delta = 0;
            if (!getVarint(p, end, &delta)) {
                out->resize(first);
                return fail(QStringLiteral("an interval block is truncated"));
            }
            value += delta;
            if (c == 0)
                rows[i].index = int(value);
            else if (qint64 *column = integerColumn(rows[i], c))
                *column = value;
        }
    }
    if (end - p != 24 * n) {
        out->resize(first);
        return fail(QStringLiteral("an interval block has %1 bytes of times where %2 are expected")
                        .arg(qint64(end - p))
                        .arg(24 * n));
    }
    for (qint64 i = 0; i < n; ++i, p += 8)
        rows[i].startS = getDouble(p);
    for (qint64 i = 0; i < n; ++i, p += 8)
        rows[i].endS = getDouble(p);
    for (qint64 i = 0; i < n; ++i, p += 8)
        rows[i].latency.mean = getDouble(p);
    return true;
}

} // namespace intervalcolumns

} // namespace lw
