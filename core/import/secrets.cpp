#include "import/secrets.h"

#include "import/recordedtext.h"

#include <QHash>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

#include <nlohmann/json.hpp>

namespace lw::import {

bool credentialName(const QString &name)
{
    static const QRegularExpression re(
        QStringLiteral("^(pass(word|wd)?|pwd|token|key|secret)$|password|passwd|secret|api[-_]?key|apikey|"
                       "access[-_]?token|refresh[-_]?token|id[-_]?token|auth[-_]?token|private[-_]?key"),
        QRegularExpression::CaseInsensitiveOption);
    return re.match(name).hasMatch();
}

namespace {

QString jsonEscaped(const QString &value)
{
    const std::string dumped = nlohmann::json(value.toStdString()).dump();
    return QString::fromStdString(dumped.substr(1, dumped.size() - 2));
}

// Scalar string fields of a JSON body with a credential name, depth first.
void jsonCredentials(const nlohmann::json &j, QList<QPair<QString, QString>> &out)
{
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            const QString key = QString::fromStdString(it.key());
            if (it->is_string() && credentialName(key) && !it->get<std::string>().empty())
                out.append({key, QString::fromStdString(it->get<std::string>())});
            else
                jsonCredentials(*it, out);
        }
    } else if (j.is_array()) {
        for (const auto &v : j)
            jsonCredentials(v, out);
    }
}

class Finder
{
public:
    explicit Finder(CookiePolicy cookies) : m_cookies(cookies) {}
    QList<FlaggedSecret> found;

    void step(const Step &st, int index)
    {
        for (const StepHeader &h : st.headers) {
            const QString lower = h.name.toLower();
            if (lower == QLatin1String("authorization") || lower == QLatin1String("proxy-authorization")) {
                const qsizetype space = h.value.indexOf(QLatin1Char(' '));
                const QString scheme = space > 0 ? h.value.left(space) : QString();
                const QString credential = space > 0 ? h.value.mid(space + 1).trimmed() : h.value;
                const QString var = scheme.compare(QLatin1String("Bearer"), Qt::CaseInsensitive) == 0
                                        ? QStringLiteral("AUTH_TOKEN")
                                    : scheme.compare(QLatin1String("Basic"), Qt::CaseInsensitive) == 0
                                        ? QStringLiteral("BASIC_AUTH")
                                        : QStringLiteral("AUTHORIZATION");
                add(st, index, FlaggedSecret::Place::Header, h.name, h.name + QStringLiteral(" header"), var,
                    credential,
                    var == QLatin1String("BASIC_AUTH")
                        ? QStringLiteral("set BASIC_AUTH to the base64 of user:password")
                        : QString());
            } else if (lower == QLatin1String("cookie")) {
                if (m_cookies == CookiePolicy::Jar)
                    add(st, index, FlaggedSecret::Place::Cookie, h.name, QStringLiteral("Cookie header"),
                        QString(), h.value,
                        QStringLiteral(
                            "not stored: the cookie jar sends the cookies that earlier answers set"));
                else
                    add(st, index, FlaggedSecret::Place::Cookie, h.name, QStringLiteral("Cookie header"),
                        QStringLiteral("COOKIE"), h.value, QString());
            } else if (credentialName(lower) || lower.contains(QLatin1String("api-key"))) {
                add(st, index, FlaggedSecret::Place::Header, h.name, h.name + QStringLiteral(" header"),
                    identifierFrom(h.name, QStringLiteral("SECRET")).toUpper(), h.value, QString());
            }
        }
        const qsizetype q = st.url.indexOf(QLatin1Char('?'));
        if (q >= 0) {
            const QUrlQuery query(st.url.mid(q + 1));
            for (const auto &item : query.queryItems(QUrl::FullyEncoded)) {
                if (credentialName(item.first) && !item.second.isEmpty())
                    add(st, index, FlaggedSecret::Place::Query, item.first,
                        QStringLiteral("%1 in the query").arg(item.first),
                        identifierFrom(item.first, QStringLiteral("SECRET")).toUpper(), item.second,
                        QString());
            }
        }
        const StepHeader *type = findHeader(st.headers, QStringLiteral("Content-Type"));
        const QString mime = type ? type->value.toLower() : QString();
        const QString body = st.body.trimmed();
        if (mime.contains(QLatin1String("json")) || body.startsWith(QLatin1Char('{'))) {
            const nlohmann::json j = nlohmann::json::parse(st.body.toStdString(), nullptr, false);
            QList<QPair<QString, QString>> fields;
            jsonCredentials(j, fields);
            for (const auto &f : fields)
                add(st, index, FlaggedSecret::Place::JsonField, f.first,
                    QStringLiteral("%1 field").arg(f.first),
                    identifierFrom(f.first, QStringLiteral("SECRET")).toUpper(), f.second, QString());
        } else if (mime.contains(QLatin1String("x-www-form-urlencoded")) ||
                   (!body.isEmpty() && !body.contains(QLatin1Char(' ')) && body.contains(QLatin1Char('=')))) {
            const QUrlQuery form(st.body);
            for (const auto &item : form.queryItems(QUrl::FullyEncoded)) {
                if (credentialName(item.first) && !item.second.isEmpty())
                    add(st, index, FlaggedSecret::Place::FormField, item.first,
                        QStringLiteral("%1 form field").arg(item.first),
                        identifierFrom(item.first, QStringLiteral("SECRET")).toUpper(), item.second,
                        QString());
            }
        }
    }

private:
    CookiePolicy m_cookies;
    QHash<QString, QString> m_valueOfVariable;

    void add(const Step &st, int index, FlaggedSecret::Place place, const QString &field, const QString &what,
             QString variable, const QString &value, const QString &note)
    {
        FlaggedSecret s;
        s.step = index;
        s.stepName = st.name;
        s.place = place;
        s.field = field;
        s.what = what;
        s.recordedValue = value;
        // A header's first characters name its scheme or cookie ("Bear…", "sess…"); of a password or a
        // key in a body or the query nothing is shown.
        s.shownValue = place == FlaggedSecret::Place::Header || place == FlaggedSecret::Place::Cookie
                           ? maskSecret(value)
                           : QStringLiteral("****");
        if (!variable.isEmpty()) {
            // Equal values share one variable; a different value under the same name gets _2, _3...
            const QString base = variable;
            for (int n = 2;
                 m_valueOfVariable.contains(variable) && m_valueOfVariable.value(variable) != value; ++n)
                variable = base + QStringLiteral("_%1").arg(n);
            m_valueOfVariable.insert(variable, value);
        }
        s.variable = variable;
        s.note = note.isEmpty()
                     ? QStringLiteral("not stored: set ${%1} before the run (--set %1=...)").arg(variable)
                     : note;
        s.id = QStringLiteral("S%1").arg(found.size() + 1);
        found.append(s);
    }
};

} // namespace

QList<FlaggedSecret> findSecrets(const QList<Step> &steps, CookiePolicy cookies)
{
    Finder f(cookies);
    for (qsizetype i = 0; i < steps.size(); ++i)
        f.step(steps[i], int(i));
    return f.found;
}

void applySecret(QList<Step> &steps, const FlaggedSecret &s)
{
    if (s.step < 0 || s.step >= steps.size())
        return;
    Step &st = steps[s.step];
    const QString ref = QStringLiteral("${%1}").arg(s.variable);
    switch (s.place) {
    case FlaggedSecret::Place::Cookie:
        for (qsizetype i = st.headers.size() - 1; i >= 0; --i) {
            if (st.headers[i].name.compare(s.field, Qt::CaseInsensitive) != 0)
                continue;
            if (s.variable.isEmpty())
                st.headers.removeAt(i);
            else if (st.headers[i].value == s.recordedValue)
                st.headers[i].value = ref;
        }
        break;
    case FlaggedSecret::Place::Header:
        for (StepHeader &h : st.headers) {
            if (h.name.compare(s.field, Qt::CaseInsensitive) == 0)
                replaceBounded(h.value, s.recordedValue, ref);
        }
        break;
    case FlaggedSecret::Place::Query: {
        const qsizetype q = st.url.indexOf(QLatin1Char('?'));
        if (q < 0)
            break;
        QString query = st.url.mid(q + 1);
        const QRegularExpression re(
            QStringLiteral("(^|&)(%1=)%2(?=&|#|$)")
                .arg(QRegularExpression::escape(s.field), QRegularExpression::escape(s.recordedValue)));
        query.replace(re, QStringLiteral("\\1\\2") + ref);
        st.url = st.url.left(q + 1) + query;
        break;
    }
    case FlaggedSecret::Place::FormField: {
        const QRegularExpression re(
            QStringLiteral("(^|&)(%1=)%2(?=&|$)")
                .arg(QRegularExpression::escape(s.field), QRegularExpression::escape(s.recordedValue)));
        st.body.replace(re, QStringLiteral("\\1\\2") + ref);
        break;
    }
    case FlaggedSecret::Place::JsonField: {
        const QRegularExpression re(
            QStringLiteral("(\"%1\"\\s*:\\s*\")%2(\")")
                .arg(QRegularExpression::escape(jsonEscaped(s.field)),
                     QRegularExpression::escape(literalText(jsonEscaped(s.recordedValue)))));
        st.body.replace(re, QStringLiteral("\\1") + ref + QStringLiteral("\\2"));
        break;
    }
    }
}

} // namespace lw::import
