#include "results/debugrecord.h"

#include <QDateTime>

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QUrlQuery>

#include <algorithm>

namespace lw {

namespace {

// Secrets shorter than this are not searched for elsewhere in the record (too many false hits).
constexpr int kMinSharedSecret = 4;

bool isAlwaysSecretHeader(const QString &name)
{
    const QString n = name.toLower();
    return n == QLatin1String("authorization") || n == QLatin1String("proxy-authorization") ||
           n == QLatin1String("cookie") || n == QLatin1String("set-cookie");
}

class Masker
{
public:
    // Pass 1: collects the secret values of a record.
    void collect(const QJsonObject &record)
    {
        const QJsonObject request = record.value(QLatin1String("request")).toObject();
        const QJsonObject response = record.value(QLatin1String("response")).toObject();
        for (const QJsonObject *message : {&request, &response}) {
            for (const QJsonValue &h : message->value(QLatin1String("headers")).toArray()) {
                const QJsonArray pair = h.toArray();
                collectHeader(pair.at(0).toString(), pair.at(1).toString());
            }
            collectBody(message->value(QLatin1String("body")).toString());
        }
        for (const QJsonValue &c : record.value(QLatin1String("cookies")).toArray())
            add(c.toArray().at(1).toString());
        for (const QJsonValue &x : record.value(QLatin1String("extractions")).toArray()) {
            const QJsonObject o = x.toObject();
            if (isSecretName(o.value(QLatin1String("var")).toString()) ||
                o.value(QLatin1String("from")).toString() == QLatin1String("cookie"))
                add(o.value(QLatin1String("value")).toString());
        }
    }

    // Pass 2: the record with every collected secret replaced.
    QJsonObject apply(const QJsonObject &record) const
    {
        QJsonObject out = record;
        for (const char *key : {"request", "response"}) {
            QJsonObject message = out.value(QLatin1String(key)).toObject();
            if (message.isEmpty())
                continue;
            QJsonArray headers;
            for (const QJsonValue &h : message.value(QLatin1String("headers")).toArray()) {
                const QJsonArray pair = h.toArray();
                const QString name = pair.at(0).toString();
                headers.append(QJsonArray{name, maskHeader(name, pair.at(1).toString())});
            }
            message.insert(QStringLiteral("headers"), headers);
            message.insert(QStringLiteral("body"), maskBody(message.value(QLatin1String("body")).toString()));
            if (message.contains(QLatin1String("url")))
                message.insert(QStringLiteral("url"),
                               replaceAll(message.value(QLatin1String("url")).toString()));
            out.insert(QLatin1String(key), message);
        }
        QJsonArray cookies;
        for (const QJsonValue &c : out.value(QLatin1String("cookies")).toArray())
            cookies.append(QJsonArray{c.toArray().at(0).toString(), secretMask()});
        out.insert(QStringLiteral("cookies"), cookies);
        QJsonArray extractions;
        for (const QJsonValue &x : out.value(QLatin1String("extractions")).toArray()) {
            QJsonObject o = x.toObject();
            if (o.contains(QLatin1String("value")))
                o.insert(QStringLiteral("value"), replaceAll(o.value(QLatin1String("value")).toString()));
            extractions.append(o);
        }
        out.insert(QStringLiteral("extractions"), extractions);
        QJsonArray checks;
        for (const QJsonValue &c : out.value(QLatin1String("checks")).toArray()) {
            QJsonObject o = c.toObject();
            o.insert(QStringLiteral("measured"), replaceAll(o.value(QLatin1String("measured")).toString()));
            o.insert(QStringLiteral("expected"), replaceAll(o.value(QLatin1String("expected")).toString()));
            checks.append(o);
        }
        out.insert(QStringLiteral("checks"), checks);
        return out;
    }

    int count() const { return int(m_secrets.size()); }

private:
    void add(const QString &value)
    {
        if (!value.isEmpty() && value != secretMask())
            m_secrets.insert(value);
    }

    static QString tokenOf(const QString &value)
    {
        // "Bearer abc", "Basic xyz": the credential is the last word.
        const qsizetype sp = value.lastIndexOf(QLatin1Char(' '));
        return sp >= 0 ? value.mid(sp + 1) : value;
    }

    void collectHeader(const QString &name, const QString &value)
    {
        const QString n = name.toLower();
        if (n == QLatin1String("cookie")) {
            for (const QString &part : value.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
                const qsizetype eq = part.indexOf(QLatin1Char('='));
                if (eq > 0)
                    add(part.mid(eq + 1).trimmed());
            }
        } else if (n == QLatin1String("set-cookie")) {
            const qsizetype eq = value.indexOf(QLatin1Char('='));
            const qsizetype semi = value.indexOf(QLatin1Char(';'));
            if (eq > 0)
                add(value.mid(eq + 1, semi > eq ? semi - eq - 1 : -1).trimmed());
        } else if (isAlwaysSecretHeader(name) || isSecretName(name)) {
            add(value);
            add(tokenOf(value));
        }
    }

    void collectJson(const QJsonValue &v)
    {
        if (v.isObject()) {
            const QJsonObject o = v.toObject();
            for (auto it = o.begin(); it != o.end(); ++it) {
                if (isSecretName(it.key()) && (it.value().isString() || it.value().isDouble()))
                    add(it.value().isString() ? it.value().toString() : it.value().toVariant().toString());
                else
                    collectJson(it.value());
            }
        } else if (v.isArray()) {
            for (const QJsonValue &e : v.toArray())
                collectJson(e);
        }
    }

    void collectBody(const QString &body)
    {
        if (body.isEmpty())
            return;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(body.toUtf8(), &error);
        if (error.error == QJsonParseError::NoError) {
            collectJson(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()));
            return;
        }
        // application/x-www-form-urlencoded
        if (body.contains(QLatin1Char('=')) && !body.contains(QLatin1Char(' '))) {
            for (const auto &[k, v] : QUrlQuery(body).queryItems(QUrl::FullyDecoded))
                if (isSecretName(k)) {
                    add(v);
                    add(QUrlQuery(body).queryItemValue(k, QUrl::PrettyDecoded));
                }
        }
    }

    QString maskHeader(const QString &name, const QString &value) const
    {
        const QString n = name.toLower();
        if (n == QLatin1String("set-cookie")) {
            const qsizetype eq = value.indexOf(QLatin1Char('='));
            const qsizetype semi = value.indexOf(QLatin1Char(';'));
            if (eq > 0)
                return value.left(eq + 1) + secretMask() + (semi > eq ? value.mid(semi) : QString());
            return secretMask();
        }
        if (n == QLatin1String("cookie")) {
            QStringList parts;
            for (const QString &part : value.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
                const qsizetype eq = part.indexOf(QLatin1Char('='));
                parts << (eq > 0 ? part.left(eq + 1).trimmed() + secretMask() : secretMask());
            }
            return parts.join(QStringLiteral("; "));
        }
        if (isAlwaysSecretHeader(name) || isSecretName(name)) {
            const qsizetype sp = value.indexOf(QLatin1Char(' '));
            // Keep the scheme of "Bearer ..." / "Basic ..." visible.
            return sp > 0 && sp < 16 ? value.left(sp + 1) + secretMask() : secretMask();
        }
        return replaceAll(value);
    }

    QString maskBody(const QString &body) const { return replaceAll(body); }

    QString replaceAll(QString text) const
    {
        if (text.isEmpty() || m_secrets.isEmpty())
            return text;
        QList<QString> secrets(m_secrets.begin(), m_secrets.end());
        std::sort(secrets.begin(), secrets.end(),
                  [](const QString &a, const QString &b) { return a.size() > b.size(); });
        for (const QString &s : secrets) {
            if (s.size() < kMinSharedSecret && text != s)
                continue;
            text.replace(s, secretMask());
        }
        return text;
    }

    QSet<QString> m_secrets;
};

} // namespace

QString secretMask()
{
    return QStringLiteral("*****");
}

bool isSecretName(const QString &name)
{
    static const QRegularExpression pattern(
        QStringLiteral("token|secret|passw|pwd|session|api[-_]?key|auth|credential|private[-_]?key"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern.match(name).hasMatch();
}

QJsonObject maskDebugRecord(const QJsonObject &record, int *maskedCount)
{
    return maskDebugRecords({record}, maskedCount).constFirst();
}

QList<QJsonObject> maskDebugRecords(const QList<QJsonObject> &records, int *maskedCount)
{
    Masker masker;
    for (const QJsonObject &r : records)
        masker.collect(r);
    QList<QJsonObject> out;
    out.reserve(records.size());
    for (const QJsonObject &r : records)
        out.append(masker.apply(r));
    if (maskedCount)
        *maskedCount = masker.count();
    return out;
}

QStringList debugStepProblems(const QJsonObject &record)
{
    QStringList problems;
    const QJsonObject error = record.value(QLatin1String("error")).toObject();
    if (!error.isEmpty())
        problems << QStringLiteral("%1 error: %2")
                        .arg(error.value(QLatin1String("class")).toString(),
                             error.value(QLatin1String("message")).toString());
    if (record.value(QLatin1String("http_error")).toBool())
        problems << QStringLiteral("HTTP error status %1")
                        .arg(record.value(QLatin1String("response"))
                                 .toObject()
                                 .value(QLatin1String("status"))
                                 .toInt());
    for (const QJsonValue &x : record.value(QLatin1String("extractions")).toArray()) {
        const QJsonObject o = x.toObject();
        if (!o.value(QLatin1String("ok")).toBool())
            problems << QStringLiteral("extraction of '%1' failed: %2")
                            .arg(o.value(QLatin1String("var")).toString(),
                                 o.value(QLatin1String("error")).toString());
    }
    for (const QJsonValue &c : record.value(QLatin1String("checks")).toArray()) {
        const QJsonObject o = c.toObject();
        if (!o.value(QLatin1String("passed")).toBool())
            problems << QStringLiteral("check '%1' failed: expected %2, measured %3")
                            .arg(o.value(QLatin1String("name")).toString(),
                                 o.value(QLatin1String("expected")).toString(),
                                 o.value(QLatin1String("measured")).toString());
    }
    return problems;
}

bool debugStepFailed(const QJsonObject &record)
{
    return record.value(QLatin1String("failed")).toBool() || !debugStepProblems(record).isEmpty();
}

QString cookieAttributesText(const QJsonObject &a)
{
    if (a.isEmpty())
        return {};
    QStringList parts;
    const QString domain = a.value(QLatin1String("domain")).toString();
    parts << (a.value(QLatin1String("host_only")).toBool() ? domain : QLatin1Char('.') + domain);
    parts << QStringLiteral("path ") + a.value(QLatin1String("path")).toString();
    const QJsonValue expires = a.value(QLatin1String("expires_ms"));
    parts << (expires.isDouble()
                  ? QStringLiteral("expires ") +
                        QDateTime::fromMSecsSinceEpoch(expires.toInteger(), Qt::UTC).toString(Qt::ISODate)
                  : QStringLiteral("session"));
    if (a.value(QLatin1String("secure")).toBool())
        parts << QStringLiteral("Secure");
    if (a.value(QLatin1String("http_only")).toBool())
        parts << QStringLiteral("HttpOnly");
    return parts.join(QStringLiteral(", "));
}

QString prettyBody(const QString &body)
{
    const QString trimmed = body.trimmed();
    if (!trimmed.startsWith(QLatin1Char('{')) && !trimmed.startsWith(QLatin1Char('[')))
        return body;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return body;
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

} // namespace lw
