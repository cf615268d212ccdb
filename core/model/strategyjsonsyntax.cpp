#include "model/strategyjsonsyntax.h"

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

// Tracks where the parser is so a repeated key can be reported with its path: nlohmann keeps the
// last value silently, and a duplicated "url" must not hide the first one.
class DuplicateKeyFinder
{
public:
    QList<ValidationIssue> issues;

    bool operator()(int, json::parse_event_t event, json &parsed)
    {
        switch (event) {
        case json::parse_event_t::object_start:
            m_frames.emplace_back();
            break;
        case json::parse_event_t::array_start:
            m_frames.emplace_back();
            m_frames.back().array = true;
            break;
        case json::parse_event_t::key: {
            Frame &f = m_frames.back();
            f.key = parsed.get<std::string>();
            if (!f.keys.insert(f.key).second && issues.size() < 100)
                issues.append(ValidationIssue{currentPath(), QStringLiteral("duplicate field")});
            break;
        }
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            if (!m_frames.empty())
                m_frames.pop_back();
            advance();
            break;
        case json::parse_event_t::value:
            advance();
            break;
        }
        return true;
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

    void advance()
    {
        if (!m_frames.empty() && m_frames.back().array)
            ++m_frames.back().index;
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
        root = json::parse(data.constBegin(), data.constEnd(), std::ref(duplicates));
    } catch (const json::parse_error &e) {
        issues->append(syntaxIssue(data, e));
        return std::nullopt;
    } catch (const json::exception &e) {
        issues->append(ValidationIssue{QString(), QString::fromUtf8(e.what())});
        return std::nullopt;
    }

    *issues += duplicates.issues;
    return root;
}

} // namespace lw
