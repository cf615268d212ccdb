#include "import/harreader.h"

#include <QDateTime>
#include <QUrl>

#include <nlohmann/json.hpp>

namespace lw::import {

namespace {

using json = nlohmann::json;

QString qs(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// A structural problem: the JSON path of the field and what is wrong with it.
struct Bad
{
    QString path;
    QString message;
};

const json &member(const json &object, const char *key, const QString &path, json::value_t type,
                   bool required)
{
    static const json none;
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        if (required)
            throw Bad{path + QLatin1Char('.') + QLatin1String(key), QStringLiteral("missing")};
        return none;
    }
    const bool ok = type == json::value_t::number_float ? it->is_number() : it->type() == type;
    if (!ok) {
        const char *expected = type == json::value_t::string         ? "a string"
                               : type == json::value_t::object       ? "an object"
                               : type == json::value_t::array        ? "an array"
                               : type == json::value_t::number_float ? "a number"
                                                                     : "a boolean";
        throw Bad{path + QLatin1Char('.') + QLatin1String(key),
                  QStringLiteral("must be %1").arg(QLatin1String(expected))};
    }
    return *it;
}

QString text(const json &object, const char *key, const QString &path, bool required = false)
{
    const json &v = member(object, key, path, json::value_t::string, required);
    return v.is_string() ? qs(v.get<std::string>()) : QString();
}

QList<StepHeader> headers(const json &object, const QString &path)
{
    QList<StepHeader> out;
    const json &list = member(object, "headers", path, json::value_t::array, false);
    if (!list.is_array())
        return out;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const QString p = path + QStringLiteral(".headers[%1]").arg(i);
        if (!list[i].is_object())
            throw Bad{p, QStringLiteral("must be an object")};
        out.append({text(list[i], "name", p, true), text(list[i], "value", p, true)});
    }
    return out;
}

QString formBody(const json &params, const QString &path, bool *hasFiles)
{
    QStringList pairs;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const QString p = path + QStringLiteral(".params[%1]").arg(i);
        if (!params[i].is_object())
            throw Bad{p, QStringLiteral("must be an object")};
        if (params[i].contains("fileName"))
            *hasFiles = true;
        const QString name = text(params[i], "name", p, true);
        const QString value = text(params[i], "value", p);
        pairs.append(QString::fromLatin1(QUrl::toPercentEncoding(name)) + QLatin1Char('=') +
                     QString::fromLatin1(QUrl::toPercentEncoding(value)));
    }
    return pairs.join(QLatin1Char('&'));
}

RecordedExchange exchange(const json &e, int index)
{
    const QString path = QStringLiteral("log.entries[%1]").arg(index);
    if (!e.is_object())
        throw Bad{path, QStringLiteral("must be an object")};
    RecordedExchange x;
    x.entry = index;
    const QString started = text(e, "startedDateTime", path, true);
    const QDateTime t = QDateTime::fromString(started, Qt::ISODateWithMs);
    if (!t.isValid())
        throw Bad{path + QStringLiteral(".startedDateTime"),
                  QStringLiteral("\"%1\" is not an ISO 8601 date and time").arg(started)};
    x.startedMs = double(t.toMSecsSinceEpoch());
    const json &time = member(e, "time", path, json::value_t::number_float, false);
    x.timeMs = time.is_number() ? std::max(0.0, time.get<double>()) : 0.0;
    x.resourceType = text(e, "_resourceType", path).toLower();
    const auto cache = e.find("_fromCache");
    x.fromCache = cache != e.end() && cache->is_string() && !cache->get<std::string>().empty();

    const QString rp = path + QStringLiteral(".request");
    const json &request = member(e, "request", path, json::value_t::object, true);
    x.method = text(request, "method", rp, true).toUpper();
    x.url = text(request, "url", rp, true);
    x.httpVersion = text(request, "httpVersion", rp);
    x.requestHeaders = headers(request, rp);
    const json &post = member(request, "postData", rp, json::value_t::object, false);
    if (post.is_object()) {
        const QString pp = rp + QStringLiteral(".postData");
        x.requestMime = text(post, "mimeType", pp);
        const json &params = member(post, "params", pp, json::value_t::array, false);
        if (post.contains("text") && post["text"].is_string())
            x.requestBody = text(post, "text", pp);
        else if (params.is_array())
            x.requestBody = formBody(params, pp, &x.bodyHasFiles);
        if (params.is_array() && x.requestMime.startsWith(QLatin1String("multipart/"))) {
            for (const json &p : params)
                x.bodyHasFiles = x.bodyHasFiles || (p.is_object() && p.contains("fileName"));
        }
    }

    const QString sp = path + QStringLiteral(".response");
    const json &response = member(e, "response", path, json::value_t::object, true);
    const json &status = member(response, "status", sp, json::value_t::number_float, true);
    x.status = int(status.get<double>());
    x.responseHeaders = headers(response, sp);
    const json &content = member(response, "content", sp, json::value_t::object, false);
    if (content.is_object()) {
        const QString cp = sp + QStringLiteral(".content");
        x.responseMime = text(content, "mimeType", cp);
        const QString body = text(content, "text", cp);
        if (text(content, "encoding", cp).compare(QLatin1String("base64"), Qt::CaseInsensitive) == 0) {
            const auto decoded =
                QByteArray::fromBase64Encoding(body.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                throw Bad{cp + QStringLiteral(".text"), QStringLiteral("is not valid base64")};
            x.responseBody = *decoded;
        } else {
            x.responseBody = body.toUtf8();
        }
    }
    // Firefox marks an answer taken from its cache with a cache.afterRequest and no transfer.
    const auto ffCache = e.find("cache");
    if (ffCache != e.end() && ffCache->is_object() && ffCache->contains("afterRequest") && x.status == 200) {
        const auto transfer = response.find("_transferSize");
        if (transfer != response.end() && transfer->is_number() && transfer->get<double>() == 0)
            x.fromCache = true;
    }
    return x;
}

} // namespace

std::optional<HarDocument> readHar(const QByteArray &data, HarError *error)
{
    const auto failAt = [error](const QString &path, const QString &message) {
        if (error) {
            error->path = path;
            error->line = error->column = 0;
            error->message = path + QStringLiteral(": ") + message;
        }
        return std::nullopt;
    };
    if (data.size() > kMaxHarBytes)
        return failAt(QStringLiteral("file"), QStringLiteral("is %1 bytes; HAR files are limited to %2 bytes")
                                                  .arg(data.size())
                                                  .arg(kMaxHarBytes));
    json doc;
    try {
        doc = json::parse(data.constBegin(), data.constEnd());
    } catch (const json::parse_error &e) {
        // Byte offset of the last byte read -> line and column (in characters) of the problem.
        const qsizetype end = std::min<qsizetype>(qsizetype(e.byte), data.size());
        int line = 1;
        qsizetype lineStart = 0;
        for (qsizetype i = 0; i + 1 < end; ++i) {
            if (data.at(i) == '\n') {
                ++line;
                lineStart = i + 1;
            }
        }
        const int column =
            int(QString::fromUtf8(data.mid(lineStart, std::max<qsizetype>(0, end - lineStart))).size());
        if (error) {
            std::string what = e.what();
            const auto colon = what.find(": ", what.find("parse error"));
            error->line = line;
            error->column = std::max(1, column);
            error->path.clear();
            error->message = QStringLiteral("line %1, column %2: this is not valid JSON (%3)")
                                 .arg(line)
                                 .arg(error->column)
                                 .arg(qs(colon != std::string::npos ? what.substr(colon + 2) : what));
        }
        return std::nullopt;
    } catch (const json::out_of_range &e) {
        // A number too large for a double ("number overflow parsing '1E999'"): no offset is given, so
        // the first occurrence of the number names the place.
        const std::string what = e.what();
        const auto open = what.find('\'');
        const auto close = what.rfind('\'');
        const QByteArray token = open != std::string::npos && close > open
                                     ? QByteArray::fromStdString(what.substr(open + 1, close - open - 1))
                                     : QByteArray();
        const qsizetype at = token.isEmpty() ? -1 : data.indexOf(token);
        int line = 1;
        qsizetype lineStart = 0;
        for (qsizetype i = 0; i < at; ++i) {
            if (data.at(i) == '\n') {
                ++line;
                lineStart = i + 1;
            }
        }
        if (error) {
            error->path.clear();
            error->line = at < 0 ? 0 : line;
            error->column =
                at < 0 ? 0 : int(QString::fromUtf8(data.mid(lineStart, at - lineStart)).size()) + 1;
            error->message =
                at < 0 ? QStringLiteral("this is not valid JSON: a number is out of range")
                       : QStringLiteral("line %1, column %2: this is not valid JSON: the number %3 is "
                                        "out of range")
                             .arg(error->line)
                             .arg(error->column)
                             .arg(QString::fromUtf8(token.left(40)));
        }
        return std::nullopt;
    }
    try {
        if (!doc.is_object())
            throw Bad{QStringLiteral("json"), QStringLiteral("a HAR file is a JSON object with a \"log\"")};
        const json &log = member(doc, "log", QString(), json::value_t::object, true);
        HarDocument har;
        const json &creator = member(log, "creator", QStringLiteral("log"), json::value_t::object, false);
        if (creator.is_object())
            har.creator = QString(text(creator, "name", QStringLiteral("log.creator")) + QLatin1Char(' ') +
                                  text(creator, "version", QStringLiteral("log.creator")))
                              .trimmed();
        const json &pages = member(log, "pages", QStringLiteral("log"), json::value_t::array, false);
        if (pages.is_array() && !pages.empty() && pages[0].is_object())
            har.pageTitle = text(pages[0], "title", QStringLiteral("log.pages[0]")).trimmed();
        const json &entries = member(log, "entries", QStringLiteral("log"), json::value_t::array, true);
        for (std::size_t i = 0; i < entries.size(); ++i)
            har.exchanges.append(exchange(entries[i], int(i)));
        return har;
    } catch (const Bad &bad) {
        QString path = bad.path;
        if (path.startsWith(QLatin1Char('.')))
            path.remove(0, 1);
        return failAt(path, bad.message);
    } catch (const json::exception &e) {
        return failAt(QStringLiteral("json"), qs(e.what()));
    }
}

} // namespace lw::import
