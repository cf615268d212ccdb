// ${VAR} and ${VAR:-default} references in strategy strings.

#include "model/strategyvalidator.h"

#include <QSet>

namespace lw {

namespace {

bool isNameStart(QChar c)
{
    return (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
           (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || c == QLatin1Char('_');
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

struct Expansion
{
    QString text;
    QStringList names;     // every referenced name, in order of appearance
    QStringList missing;   // unset and without a default
    QStringList malformed; // the offending reference text, e.g. "${9X}" or "${URL"
};

// vars == nullptr only collects names and syntax problems.
Expansion expand(const QString &in, const Variables *vars)
{
    Expansion out;
    out.text.reserve(in.size());
    const qsizetype n = in.size();
    qsizetype i = 0;
    while (i < n) {
        const QChar c = in.at(i);
        if (c != QLatin1Char('$')) {
            out.text += c;
            ++i;
            continue;
        }
        if (in.mid(i, 3) == QLatin1String("$${")) {
            out.text += QLatin1String("${");
            i += 3;
            continue;
        }
        if (i + 1 >= n || in.at(i + 1) != QLatin1Char('{')) {
            out.text += c;
            ++i;
            continue;
        }
        const qsizetype close = in.indexOf(QLatin1Char('}'), i + 2);
        if (close < 0) {
            out.malformed.append(in.mid(i, 40));
            out.text += in.mid(i);
            break;
        }
        const QString body = in.mid(i + 2, close - i - 2);
        const QString whole = in.mid(i, close - i + 1);
        i = close + 1;
        const qsizetype sep = body.indexOf(QLatin1String(":-"));
        const QString name = sep < 0 ? body : body.left(sep);
        bool valid = !name.isEmpty() && isNameStart(name.at(0));
        for (QChar ch : name)
            valid = valid && isNameChar(ch);
        if (!valid) {
            out.malformed.append(whole);
            out.text += whole;
            continue;
        }
        out.names.append(name);
        if (!vars) {
            out.text += whole;
            continue;
        }
        // Shell semantics: ":-" uses the default when the variable is unset or empty.
        const std::optional<QString> value = vars->lookup(name);
        if (value && !value->isEmpty())
            out.text += *value;
        else if (sep >= 0)
            out.text += body.mid(sep + 2);
        else if (value)
            out.text += *value;
        else {
            out.missing.append(name);
            out.text += whole;
        }
    }
    return out;
}

QString at(const QString &path, qsizetype i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

// Calls f(string, path) for every string in the strategy, with the JSON path of the field.
template <typename F> void forEachString(Strategy &s, F &&f)
{
    auto list = [&f](QStringList &l, const QString &path) {
        for (qsizetype i = 0; i < l.size(); ++i)
            f(l[i], at(path, i));
    };
    f(s.name, QStringLiteral("name"));
    f(s.description, QStringLiteral("description"));
    f(s.owner, QStringLiteral("owner"));
    list(s.tags, QStringLiteral("tags"));
    for (qsizetype i = 0; i < s.targets.size(); ++i) {
        Target &t = s.targets[i];
        const QString p = at(QStringLiteral("targets"), i);
        f(t.name, p + QStringLiteral(".name"));
        f(t.method, p + QStringLiteral(".method"));
        f(t.url, p + QStringLiteral(".url"));
        for (qsizetype h = 0; h < t.headers.size(); ++h) {
            f(t.headers[h].name, at(p + QStringLiteral(".headers"), h) + QStringLiteral(".name"));
            f(t.headers[h].value, at(p + QStringLiteral(".headers"), h) + QStringLiteral(".value"));
        }
        f(t.body, p + QStringLiteral(".body"));
    }
    for (qsizetype i = 0; i < s.scenarios.size(); ++i) {
        Scenario &sc = s.scenarios[i];
        const QString p = at(QStringLiteral("scenarios"), i);
        f(sc.name, p + QStringLiteral(".name"));
        for (qsizetype j = 0; j < sc.steps.size(); ++j) {
            Step &st = sc.steps[j];
            const QString sp = at(p + QStringLiteral(".steps"), j);
            f(st.name, sp + QStringLiteral(".name"));
            f(st.method, sp + QStringLiteral(".method"));
            f(st.url, sp + QStringLiteral(".url"));
            for (qsizetype h = 0; h < st.headers.size(); ++h) {
                f(st.headers[h].name, at(sp + QStringLiteral(".headers"), h) + QStringLiteral(".name"));
                f(st.headers[h].value, at(sp + QStringLiteral(".headers"), h) + QStringLiteral(".value"));
            }
            f(st.body, sp + QStringLiteral(".body"));
            f(st.thinkTime, sp + QStringLiteral(".think_time"));
            f(st.transaction, sp + QStringLiteral(".transaction"));
            for (qsizetype k = 0; k < st.checks.size(); ++k) {
                const QString cp = at(sp + QStringLiteral(".checks"), k);
                f(st.checks[k].value, cp + QStringLiteral(".value"));
                f(st.checks[k].under, cp + QStringLiteral(".under"));
            }
        }
    }
    for (qsizetype i = 0; i < s.data.size(); ++i)
        f(s.data[i].file, at(QStringLiteral("data"), i) + QStringLiteral(".file"));
    for (qsizetype i = 0; i < s.load.stages.size(); ++i)
        f(s.load.stages[i].duration, at(QStringLiteral("load.stages"), i) + QStringLiteral(".duration"));
    f(s.load.requestTimeout, QStringLiteral("load.request_timeout"));
    f(s.load.thinkTime, QStringLiteral("load.think_time"));
    for (qsizetype i = 0; i < s.safetyLimits.size(); ++i) {
        const QString p = at(QStringLiteral("safety_limits"), i);
        f(s.safetyLimits[i].name, p + QStringLiteral(".name"));
        f(s.safetyLimits[i].forDuration, p + QStringLiteral(".for"));
        f(s.safetyLimits[i].throttle.cooldown, p + QStringLiteral(".cooldown"));
        f(s.safetyLimits[i].baselineChange,
          p + QLatin1Char('.') + QLatin1String(baselineChangeKey(s.safetyLimits[i].metric)));
    }
    for (qsizetype i = 0; i < s.successCriteria.size(); ++i)
        f(s.successCriteria[i].baselineChange,
          at(QStringLiteral("success_criteria"), i) + QLatin1Char('.') +
              QLatin1String(baselineChangeKey(s.successCriteria[i].metric)));
    for (qsizetype i = 0; i < s.rollback.triggers.size(); ++i)
        f(s.rollback.triggers[i].forDuration,
          at(QStringLiteral("rollback.triggers"), i) + QStringLiteral(".for"));
    for (qsizetype i = 0; i < s.rollback.procedures.size(); ++i) {
        RollbackProcedure &r = s.rollback.procedures[i];
        const QString p = at(QStringLiteral("rollback.procedures"), i);
        f(r.name, p + QStringLiteral(".name"));
        f(r.command, p + QStringLiteral(".command"));
        f(r.timeout, p + QStringLiteral(".timeout"));
        f(r.verifyCommand, p + QStringLiteral(".verify_command"));
    }
    for (qsizetype i = 0; i < s.risks.size(); ++i) {
        Risk &r = s.risks[i];
        const QString p = at(QStringLiteral("risks"), i);
        f(r.id, p + QStringLiteral(".id"));
        f(r.name, p + QStringLiteral(".name"));
        f(r.description, p + QStringLiteral(".description"));
        f(r.category, p + QStringLiteral(".category"));
        f(r.mitigation.description, p + QStringLiteral(".mitigation.description"));
        list(r.mitigation.actions, p + QStringLiteral(".mitigation.actions"));
    }
    for (qsizetype i = 0; i < s.prerequisites.size(); ++i) {
        Prerequisite &r = s.prerequisites[i];
        const QString p = at(QStringLiteral("prerequisites"), i);
        f(r.name, p + QStringLiteral(".name"));
        f(r.url, p + QStringLiteral(".url"));
        f(r.host, p + QStringLiteral(".host"));
        f(r.command, p + QStringLiteral(".command"));
        f(r.path, p + QStringLiteral(".path"));
        f(r.description, p + QStringLiteral(".description"));
        f(r.timeout, p + QStringLiteral(".timeout"));
    }
    for (qsizetype i = 0; i < s.monitoring.processes.size(); ++i)
        f(s.monitoring.processes[i].name,
          at(QStringLiteral("monitoring.processes"), i) + QStringLiteral(".name"));
    for (qsizetype i = 0; i < s.monitoring.prometheus.size(); ++i) {
        PrometheusEndpoint &e = s.monitoring.prometheus[i];
        const QString p = at(QStringLiteral("monitoring.prometheus"), i);
        f(e.name, p + QStringLiteral(".name"));
        f(e.url, p + QStringLiteral(".url"));
        list(e.metrics, p + QStringLiteral(".metrics"));
    }
    f(s.monitoring.interval, QStringLiteral("monitoring.interval"));
    for (qsizetype i = 0; i < s.windows.size(); ++i) {
        const QString p = at(QStringLiteral("windows"), i);
        f(s.windows[i].start, p + QStringLiteral(".start"));
        f(s.windows[i].end, p + QStringLiteral(".end"));
    }
    for (qsizetype i = 0; i < s.notifications.size(); ++i) {
        const QString p = at(QStringLiteral("notifications"), i);
        f(s.notifications[i].event, p + QStringLiteral(".event"));
        f(s.notifications[i].channel, p + QStringLiteral(".channel"));
    }
}

} // namespace

std::optional<QString> Variables::lookup(const QString &name) const
{
    const auto it = values.constFind(name);
    if (it != values.constEnd())
        return *it;
    if (useEnvironment && qEnvironmentVariableIsSet(name.toLocal8Bit().constData()))
        return qEnvironmentVariable(name.toLocal8Bit().constData());
    return std::nullopt;
}

QString expandVariables(const QString &text, const Variables &vars, QStringList *missing)
{
    Expansion e = expand(text, &vars);
    if (missing)
        *missing += e.missing;
    return e.text;
}

QStringList referencedVariables(const Strategy &s)
{
    Strategy copy = s;
    QSet<QString> names;
    forEachString(copy, [&names](QString &text, const QString &) {
        if (text.contains(QLatin1String("${"))) {
            for (const QString &n : expand(text, nullptr).names)
                names.insert(n);
        }
    });
    QStringList out(names.begin(), names.end());
    out.sort();
    return out;
}

Strategy resolveVariables(const Strategy &s, const Variables &vars, QList<ValidationIssue> *issues)
{
    Strategy out = s;
    forEachString(out, [&vars, issues](QString &text, const QString &path) {
        if (!text.contains(QLatin1String("${")))
            return;
        Expansion e = expand(text, &vars);
        text = e.text;
        if (!issues)
            return;
        for (const QString &bad : e.malformed)
            issues->append(
                ValidationIssue{path, QStringLiteral("malformed variable reference \"") + bad +
                                          QStringLiteral("\"; write ${NAME} or ${NAME:-default} "
                                                         "(NAME: letters, digits, _), or $${ for a "
                                                         "literal ${")});
        e.missing.removeDuplicates();
        for (const QString &name : e.missing)
            issues->append(
                ValidationIssue{path, QStringLiteral("variable ") + name +
                                          QStringLiteral(" is not set (set it in the environment or "
                                                         "with --set ") +
                                          name + QStringLiteral("=value, or write ${") + name +
                                          QStringLiteral(":-default})")});
    });
    return out;
}

} // namespace lw
