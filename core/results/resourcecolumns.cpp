#include "results/resourcecolumns.h"

#include <QDataStream>
#include <QIODevice>
#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace lw {

namespace {

constexpr quint32 kBlockFormat = 1;
const double kAbsent = std::numeric_limits<double>::quiet_NaN();

} // namespace

QString ResourceSeries::errorAt(size_t i) const
{
    const auto it =
        std::lower_bound(errors.begin(), errors.end(), quint32(i),
                         [](const std::pair<quint32, QString> &e, quint32 v) { return e.first < v; });
    return it != errors.end() && it->first == quint32(i) ? it->second : QStringLiteral("");
}

ResourceSample ResourceSeries::sample(size_t i) const
{
    ResourceSample s;
    s.atMs = atMs[i];
    s.elapsedS = elapsedS[i];
    s.source = source;
    for (qsizetype k = 0; k < keys.size(); ++k) {
        const double v = values[size_t(k)][i];
        if (!std::isnan(v))
            s.values.insert(keys.at(k), v);
    }
    s.error = errorAt(i);
    return s;
}

bool ResourceSeries::put(const ResourceSample &s)
{
    for (auto it = s.values.cbegin(); it != s.values.cend(); ++it) {
        if (!keys.contains(it.key())) {
            keys.append(it.key());
            values.emplace_back(atMs.size(), kAbsent);
        }
    }
    const auto at = std::lower_bound(atMs.begin(), atMs.end(), s.atMs);
    const size_t i = size_t(at - atMs.begin());
    const bool atEnd = at == atMs.end();
    if (!atEnd && *at == s.atMs) { // replace
        elapsedS[i] = s.elapsedS;
    } else {
        atMs.insert(at, s.atMs);
        elapsedS.insert(elapsedS.begin() + qsizetype(i), s.elapsedS);
        for (std::vector<double> &column : values)
            column.insert(column.begin() + qsizetype(i), kAbsent);
        for (auto &e : errors) {
            if (e.first >= i)
                ++e.first;
        }
    }
    for (qsizetype k = 0; k < keys.size(); ++k) {
        const auto v = s.values.constFind(keys.at(k));
        values[size_t(k)][i] = v == s.values.cend() ? kAbsent : *v;
    }
    auto e = std::lower_bound(errors.begin(), errors.end(), quint32(i),
                              [](const std::pair<quint32, QString> &x, quint32 v) { return x.first < v; });
    if (e != errors.end() && e->first == quint32(i))
        e = errors.erase(e);
    if (!s.error.isEmpty())
        errors.insert(e, {quint32(i), s.error});
    return atEnd;
}

void ResourceSeries::extend(const ResourceSeries &later)
{
    const size_t n = size();
    for (const QString &k : later.keys) {
        if (!keys.contains(k)) {
            keys.append(k);
            values.emplace_back(n, kAbsent);
        }
    }
    atMs.insert(atMs.end(), later.atMs.begin(), later.atMs.end());
    elapsedS.insert(elapsedS.end(), later.elapsedS.begin(), later.elapsedS.end());
    for (qsizetype k = 0; k < keys.size(); ++k) {
        const int from = later.keyIndex(keys.at(k));
        std::vector<double> &column = values[size_t(k)];
        if (from < 0)
            column.resize(n + later.size(), kAbsent);
        else
            column.insert(column.end(), later.values[size_t(from)].begin(), later.values[size_t(from)].end());
    }
    for (const auto &[i, text] : later.errors)
        errors.emplace_back(quint32(n + i), text);
}

QByteArray ResourceSeries::encode() const
{
    QByteArray raw;
    {
        QDataStream out(&raw, QIODevice::WriteOnly);
        out.setVersion(QDataStream::Qt_6_4);
        out << kBlockFormat << source << keys << quint32(size());
        for (size_t i = 0; i < size(); ++i)
            out << atMs[i];
        for (size_t i = 0; i < size(); ++i)
            out << elapsedS[i];
        for (const std::vector<double> &column : values) {
            for (double v : column)
                out << v;
        }
        out << quint32(errors.size());
        for (const auto &[i, text] : errors)
            out << i << text;
    }
    return qCompress(raw, 6);
}

bool ResourceSeries::decode(const QByteArray &data, ResourceSeries *out, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    const QByteArray raw = qUncompress(data);
    if (raw.isEmpty())
        return fail(QStringLiteral("a resource block does not decompress"));
    QDataStream in(raw);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 format = 0;
    quint32 n = 0;
    ResourceSeries s;
    in >> format;
    if (format != kBlockFormat)
        return fail(QStringLiteral("a resource block has format %1 (this version reads %2)")
                        .arg(format)
                        .arg(kBlockFormat));
    in >> s.source >> s.keys >> n;
    if (in.status() != QDataStream::Ok || qsizetype(n) * qsizetype(8 * (2 + s.keys.size())) > raw.size())
        return fail(QStringLiteral("a resource block is truncated"));
    // The columns are n big-endian 8-byte values each (QDataStream's qint64 and double): read them
    // straight from the buffer, a week of samples is millions of values.
    const qint64 at = in.device()->pos();
    const qsizetype bytes = qsizetype(n) * 8 * (2 + s.keys.size());
    if (at < 0 || raw.size() - at < bytes)
        return fail(QStringLiteral("a resource block is truncated"));
    const uchar *p = reinterpret_cast<const uchar *>(raw.constData()) + at;
    auto nextDouble = [&p] {
        const quint64 bits = qFromBigEndian<quint64>(p);
        p += 8;
        double v = 0;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    };
    s.atMs.resize(n);
    s.elapsedS.resize(n);
    for (quint32 i = 0; i < n; ++i, p += 8)
        s.atMs[i] = qFromBigEndian<qint64>(p);
    for (quint32 i = 0; i < n; ++i)
        s.elapsedS[i] = nextDouble();
    s.values.assign(size_t(s.keys.size()), std::vector<double>(n));
    for (std::vector<double> &column : s.values) {
        for (double &v : column)
            v = nextDouble();
    }
    in.skipRawData(int(bytes));
    quint32 errors = 0;
    in >> errors;
    for (quint32 e = 0; e < errors && in.status() == QDataStream::Ok; ++e) {
        quint32 i = 0;
        QString text;
        in >> i >> text;
        if (i >= n)
            return fail(QStringLiteral("a resource block names sample %1 of %2").arg(i).arg(n));
        s.errors.emplace_back(i, text);
    }
    if (in.status() != QDataStream::Ok)
        return fail(QStringLiteral("a resource block is truncated"));
    *out = std::move(s);
    return true;
}

ResourceSample ResourceColumns::at(qsizetype i) const
{
    const auto [series_, sample] = m_order[size_t(i)];
    return series.at(series_).sample(sample);
}

bool ResourceColumns::before(std::pair<quint32, quint32> a, std::pair<quint32, quint32> b) const
{
    const qint64 ta = series.at(a.first).atMs[a.second];
    const qint64 tb = series.at(b.first).atMs[b.second];
    if (ta != tb)
        return ta < tb;
    return series.at(a.first).source < series.at(b.first).source;
}

void ResourceColumns::reorder()
{
    // Sources in order of first appearance, as the row view lists them.
    std::stable_sort(series.begin(), series.end(), [](const ResourceSeries &a, const ResourceSeries &b) {
        const qint64 ta = a.atMs.empty() ? std::numeric_limits<qint64>::max() : a.atMs.front();
        const qint64 tb = b.atMs.empty() ? std::numeric_limits<qint64>::max() : b.atMs.front();
        return ta != tb ? ta < tb : a.source < b.source;
    });
    m_order.clear();
    for (qsizetype k = 0; k < series.size(); ++k) {
        for (size_t i = 0; i < series.at(k).size(); ++i)
            m_order.emplace_back(quint32(k), quint32(i));
    }
    std::stable_sort(m_order.begin(), m_order.end(), [this](auto a, auto b) { return before(a, b); });
}

void ResourceColumns::append(const ResourceSample &s)
{
    qsizetype k = 0;
    while (k < series.size() && series.at(k).source != s.source)
        ++k;
    if (k == series.size()) {
        series.append(ResourceSeries{});
        series.last().source = s.source;
    }
    const size_t before_ = series.at(k).size();
    const bool atEnd = series[k].put(s);
    if (atEnd && series.at(k).size() == before_ + 1) {
        const std::pair<quint32, quint32> added{quint32(k), quint32(before_)};
        const bool ordered = m_order.empty() || !before(added, m_order.back());
        m_order.push_back(added);
        if (!ordered)
            reorder();
    } else {
        reorder();
    }
}

void ResourceColumns::appendSeries(ResourceSeries s)
{
    series.append(std::move(s));
    reorder();
}

QList<ResourceSample> ResourceColumns::toList() const
{
    QList<ResourceSample> out;
    out.reserve(size());
    for (qsizetype i = 0; i < size(); ++i)
        out.append(at(i));
    return out;
}

ResourceColumns ResourceColumns::fromList(const QList<ResourceSample> &samples)
{
    ResourceColumns c;
    for (const ResourceSample &s : samples)
        c.append(s);
    return c;
}

} // namespace lw
