#include "editor/jsonbody.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lw::ui {

namespace {

// The body with each unescaped "{{...}}" replaced by a JSON value: inside a string by text, outside
// by a number, so the parser sees the document the engine will send. origin[k] is the offset in body
// of the text's character k (a variable's stand-in maps to its "{{").
QString withValues(const QString &body, std::vector<qsizetype> &origin)
{
    QString out;
    bool inString = false;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const QChar c = body[i];
        if (c == QLatin1Char('{') && i + 1 < body.size() && body[i + 1] == QLatin1Char('{') &&
            !(i > 0 && body[i - 1] == QLatin1Char('\\'))) {
            const qsizetype end = body.indexOf(QLatin1String("}}"), i + 2);
            if (end >= 0) {
                out += inString ? QLatin1Char('x') : QLatin1Char('0');
                origin.push_back(i);
                i = end + 1;
                continue;
            }
        }
        if (inString && c == QLatin1Char('\\') && i + 1 < body.size()) {
            out += c;
            origin.push_back(i);
            out += body[++i];
            origin.push_back(i);
            continue;
        }
        if (c == QLatin1Char('"'))
            inString = !inString;
        out += c;
        origin.push_back(i);
    }
    return out;
}

// Accepts any document and keeps the first syntax error: where its offending token starts (a byte
// offset of the parsed text) and nlohmann's description of it.
class SyntaxCheck : public nlohmann::json_sax<nlohmann::json>
{
public:
    std::optional<std::pair<std::size_t, std::string>> error;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t &) override { return true; }
    bool string(string_t &) override { return true; }
    bool binary(binary_t &) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t &) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string &lastToken,
                     const nlohmann::detail::exception &ex) override
    {
        // "[json.exception.parse_error.101] parse error at line 2, column 4: syntax error while
        // parsing object - unexpected string literal; expected '}'": keep what follows the position.
        std::string what = ex.what();
        const std::size_t colon = what.find(": ");
        if (colon != std::string::npos)
            what = what.substr(colon + 2);
        const std::size_t start = position >= lastToken.size() ? position - lastToken.size() : 0;
        error.emplace(start, what);
        return false;
    }
};

// Line and column (1-based) of a character offset.
QString where(const QString &text, qsizetype offset)
{
    offset = qBound<qsizetype>(0, offset, text.size());
    const QStringView before = QStringView(text).left(offset);
    const qsizetype line = before.count(QLatin1Char('\n')) + 1;
    const qsizetype column = offset - (before.lastIndexOf(QLatin1Char('\n')) + 1) + 1;
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

} // namespace

bool looksLikeJson(const QString &body)
{
    for (const QChar c : body) {
        if (c.isSpace())
            continue;
        return c == QLatin1Char('{') || c == QLatin1Char('[');
    }
    return false;
}

QString jsonBodyProblem(const QString &body)
{
    std::vector<qsizetype> origin;
    const QByteArray plain = withValues(body, origin).toUtf8();
    SyntaxCheck check;
    nlohmann::json::sax_parse(plain.constData(), plain.constData() + plain.size(), &check);
    if (!check.error)
        return {};
    // Bytes of the substituted text -> its characters -> the body as written.
    const qsizetype byte = qsizetype(qMin<std::size_t>(check.error->first, std::size_t(plain.size())));
    const qsizetype character = QString::fromUtf8(plain.left(byte)).size();
    const qsizetype offset = character < qsizetype(origin.size()) ? origin[size_t(character)] : body.size();
    return where(body, offset) + QStringLiteral(": ") + QString::fromStdString(check.error->second);
}

QString formatJsonBody(const QString &body, QString *problem)
{
    const QString p = jsonBodyProblem(body);
    if (problem)
        *problem = p;
    if (!p.isEmpty())
        return {};
    QString out;
    int depth = 0;
    bool inString = false;
    const auto newline = [&out, &depth] {
        out += QLatin1Char('\n');
        out += QString(depth * 2, QLatin1Char(' '));
    };
    for (qsizetype i = 0; i < body.size(); ++i) {
        const QChar c = body[i];
        if (inString) {
            out += c;
            if (c == QLatin1Char('\\') && i + 1 < body.size())
                out += body[++i];
            else if (c == QLatin1Char('"'))
                inString = false;
            continue;
        }
        if (c == QLatin1Char('{') && i + 1 < body.size() && body[i + 1] == QLatin1Char('{')) {
            const qsizetype end = body.indexOf(QLatin1String("}}"), i + 2);
            out += body.mid(i, end + 2 - i); // a variable stands for a value: copied as written
            i = end + 1;
            continue;
        }
        if (c.isSpace())
            continue;
        switch (c.unicode()) {
        case '"':
            inString = true;
            out += c;
            break;
        case '{':
        case '[': {
            // An empty object or array stays on one line.
            qsizetype j = i + 1;
            while (j < body.size() && body[j].isSpace())
                ++j;
            if (j < body.size() && (body[j] == QLatin1Char('}') || body[j] == QLatin1Char(']'))) {
                out += c;
                out += body[j];
                i = j;
                break;
            }
            out += c;
            ++depth;
            newline();
            break;
        }
        case '}':
        case ']':
            --depth;
            newline();
            out += c;
            break;
        case ',':
            out += c;
            newline();
            break;
        case ':':
            out += QStringLiteral(": ");
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace lw::ui
