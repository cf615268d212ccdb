#pragma once

// Resource samples as columns: per monitored source its sample times and one column of values per
// key, so a 24 h soak's 86,400 samples per source are a few flat arrays instead of a map each. The
// run store keeps them in blocks of this form (run_resource_blocks) and reports hold them so; the
// row view (size(), at(), iteration) gives the ResourceSample of each sample, by time then source,
// for code that reads samples one by one.

#include "results/runtypes.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <utility>
#include <vector>

namespace lw {

// The samples of one source, in time order.
struct ResourceSeries
{
    QString source;
    QStringList keys;
    std::vector<qint64> atMs;
    std::vector<double> elapsedS;
    std::vector<std::vector<double>> values;         // values[k][i]: keys[k] at sample i, NaN when absent
    std::vector<std::pair<quint32, QString>> errors; // (sample, error) of failed samples, by sample

    size_t size() const { return atMs.size(); }
    // Column of key, -1 when the source never reported it.
    int keyIndex(const QString &key) const { return int(keys.indexOf(key)); }
    bool has(int key, size_t i) const { return key >= 0 && !std::isnan(values[size_t(key)][i]); }
    QString errorAt(size_t i) const;
    ResourceSample sample(size_t i) const;
    // Inserts s (same source) at its time, replacing a sample of the same time; true when it went
    // at the end.
    bool put(const ResourceSample &s);

    // Appends the samples of later (same source, all of them after this one's).
    void extend(const ResourceSeries &later);

    // The stored form (run_resource_blocks.data): compressed, versioned. decode() replaces *out.
    QByteArray encode() const;
    static bool decode(const QByteArray &data, ResourceSeries *out, QString *error);
};

class ResourceColumns
{
public:
    QList<ResourceSeries> series; // one per source, in order of first appearance

    // Row view, by time then source (as RunStore::resources() orders them).
    qsizetype size() const { return qsizetype(m_order.size()); }
    bool isEmpty() const { return m_order.empty(); }
    ResourceSample at(qsizetype i) const;
    ResourceSample constFirst() const { return at(0); }
    ResourceSample constLast() const { return at(size() - 1); }
    void append(const ResourceSample &s);
    // Adds a whole series (its source must not be there yet); rebuilds the row order.
    void appendSeries(ResourceSeries s);
    QList<ResourceSample> toList() const;
    // Rebuilds the row order after series were changed directly.
    void reorder();
    static ResourceColumns fromList(const QList<ResourceSample> &samples);

    class const_iterator
    {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = ResourceSample;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = ResourceSample;
        const_iterator(const ResourceColumns *c, qsizetype i) : m_c(c), m_i(i) {}
        ResourceSample operator*() const { return m_c->at(m_i); }
        const_iterator &operator++()
        {
            ++m_i;
            return *this;
        }
        bool operator==(const const_iterator &o) const { return m_i == o.m_i; }
        bool operator!=(const const_iterator &o) const { return m_i != o.m_i; }

    private:
        const ResourceColumns *m_c;
        qsizetype m_i;
    };
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

private:
    bool before(std::pair<quint32, quint32> a, std::pair<quint32, quint32> b) const;
    std::vector<std::pair<quint32, quint32>> m_order; // (series, sample) by time then source
};

} // namespace lw
