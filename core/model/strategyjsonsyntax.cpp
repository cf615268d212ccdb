#include "model/strategyjsonsyntax.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lw {

namespace {

using json = nlohmann::json;

QString index(const QString &path, std::size_t i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

QString qs(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// A first, DOM-free pass over the text (nlohmann SAX) that finds syntax errors and repeated keys.
// nlohmann keeps the last of two equal keys silently, and a duplicated "url" must not hide the
// first one. (nlohmann's parser callback could do this too, but its end_object scans the parent
// array on every call, which is quadratic in the number of objects: a 4 MiB "[{},{},...]" would
// take minutes.)
class DuplicateKeyFinder : public nlohmann::json_sax<json>
{
public:
    QList<ValidationIssue> issues;
    std::optional<json::parse_error> error;

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t &) override { return value(); }
    bool string(string_t &) override { return value(); }
    bool binary(binary_t &) override { return value(); }
    bool start_object(std::size_t) override
    {
        m_frames.emplace_back();
        return true;
    }
    bool key(string_t &k) override
    {
        Frame &f = m_frames.back();
        f.key = k;
        if (!f.keys.insert(k).second && issues.size() < 100)
            issues.append(ValidationIssue{currentPath(), QStringLiteral("duplicate field")});
        return true;
    }
    bool end_object() override { return endContainer(); }
    bool start_array(std::size_t) override
    {
        m_frames.emplace_back();
        m_frames.back().array = true;
        return true;
    }
    bool end_array() override { return endContainer(); }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &ex) override
    {
        // sax_parse passes the concrete parse_error; keep it for its byte offset and message.
        if (const auto *pe = dynamic_cast<const json::parse_error *>(&ex))
            error.emplace(*pe);
        else
            error.emplace(json::parse_error::create(101, 0, ex.what(), nullptr));
        return false;
    }

private:
    struct Frame
    {
        bool array = false;
        std::size_t index = 0;
        std::string key;
        std::set<std::string> keys;
    };
    std::vector<Frame> m_frames;

    bool value()
    {
        if (!m_frames.empty() && m_frames.back().array)
            ++m_frames.back().index;
        return true;
    }

    bool endContainer()
    {
        m_frames.pop_back();
        return value();
    }

    QString currentPath() const
    {
        QString path;
        for (const Frame &f : m_frames) {
            if (f.array) {
                path = index(path, f.index);
            } else {
                if (!path.isEmpty())
                    path += QLatin1Char('.');
                path += qs(f.key);
            }
        }
        return path;
    }
};

ValidationIssue syntaxIssue(const QByteArray &data, const json::parse_error &e)
{
    // nlohmann reports a byte offset (1-based, of the last byte read); turn it into line and a
    // column counted in characters, which is what editors show.
    const qsizetype end = std::min<qsizetype>(qsizetype(e.byte), data.size());
    int line = 1;
    int column = 0;
    for (qsizetype i = 0; i < end; ++i) {
        const char c = data.at(i);
        if (c == '\n') {
            ++line;
            column = 0;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++column;
        }
    }
    QString message = QString::fromUtf8(e.what());
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ...".
    const qsizetype colon = message.indexOf(QStringLiteral(": "));
    if (colon >= 0)
        message = message.mid(colon + 2);
    // "last read: '...'" quotes the current token, which can be a megabyte-long string.
    if (message.size() > 300)
        message = message.left(300) + QStringLiteral("...");
    ValidationIssue issue{QString(), message};
    issue.line = line;
    issue.column = std::max(column, 1);
    return issue;
}

} // namespace

std::optional<nlohmann::json> parseJsonDocument(const QByteArray &data, QList<ValidationIssue> *issues)
{
    if (data.size() > kMaxStrategyBytes) {
        issues->append(ValidationIssue{
            QString(),
            QStringLiteral("the file is %1 bytes; strategy documents are limited to %2 bytes (%3 MiB)")
                .arg(data.size())
                .arg(kMaxStrategyBytes)
                .arg(kMaxStrategyBytes / (1024 * 1024))});
        return std::nullopt;
    }

    DuplicateKeyFinder duplicates;
    json root;
    try {
        if (!json::sax_parse(data.constBegin(), data.constEnd(), &duplicates)) {
            issues->append(duplicates.error
                               ? syntaxIssue(data, *duplicates.error)
                               : ValidationIssue{QString(), QStringLiteral("not a JSON document")});
            return std::nullopt;
        }
        // The text is known to be valid JSON now, so this cannot fail on syntax.
        root = json::parse(data.constBegin(), data.constEnd());
    } catch (const json::exception &e) {
        issues->append(ValidationIssue{QString(), QString::fromUtf8(e.what())});
        return std::nullopt;
    }

    *issues += duplicates.issues;
    return root;
}

} // namespace lw
