#include "model/scenariovariables.h"

#include "engine/scenariotemplate.h"

#include <QMap>

#include <string>

namespace lw {

namespace {

QString at(const QString &path, qsizetype i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

QString slotName(const engine::TemplateSlot &slot)
{
    switch (slot.kind) {
    case engine::SlotKind::Variable:
        return QString::fromStdString(slot.name);
    case engine::SlotKind::Vu:
        return QStringLiteral("vu");
    case engine::SlotKind::Iteration:
        return QStringLiteral("iteration");
    case engine::SlotKind::Uuid:
        return QStringLiteral("uuid");
    case engine::SlotKind::Now:
        return QStringLiteral("now");
    case engine::SlotKind::RandomInt:
        return QStringLiteral("randomInt(%1,%2)").arg(slot.low).arg(slot.high);
    }
    return {};
}

} // namespace

QStringList runtimeReferences(const QString &text)
{
    QStringList out;
    if (!text.contains(QLatin1String("{{")))
        return out;
    engine::Template t;
    std::string error;
    if (t.parse(text.toStdString(), error)) {
        for (const engine::TemplateSlot &slot : t.references())
            out.append(slotName(slot));
        return out;
    }
    // One bad reference must not hide the good ones: parse each "{{...}}" on its own.
    qsizetype from = 0;
    while ((from = text.indexOf(QLatin1String("{{"), from)) >= 0) {
        const qsizetype end = text.indexOf(QLatin1String("}}"), from + 2);
        if (end < 0)
            break;
        engine::Template one;
        if (!(from > 0 && text[from - 1] == QLatin1Char('\\')) &&
            one.parse(text.mid(from, end + 2 - from).toStdString(), error))
            for (const engine::TemplateSlot &slot : one.references())
                out.append(slotName(slot));
        from = end + 2;
    }
    return out;
}

QList<RuntimeVariable> runtimeVariables(const Strategy &s)
{
    QMap<QString, RuntimeVariable> vars;
    const auto variable = [&vars](const QString &name) -> RuntimeVariable & {
        RuntimeVariable &v = vars[name];
        v.name = name;
        return v;
    };
    for (qsizetype i = 0; i < s.scenarios.size(); ++i) {
        const Scenario &sc = s.scenarios[i];
        const QString p = at(QStringLiteral("scenarios"), i);
        for (qsizetype j = 0; j < sc.steps.size(); ++j) {
            const Step &st = sc.steps[j];
            const QString sp = at(p + QStringLiteral(".steps"), j);
            const auto uses = [&](const QString &text, const QString &path) {
                for (const QString &name : runtimeReferences(text)) {
                    RuntimeVariable &v = variable(name);
                    if (!v.usedAt.contains(path))
                        v.usedAt.append(path);
                }
            };
            uses(st.url, sp + QStringLiteral(".url"));
            for (qsizetype h = 0; h < st.headers.size(); ++h)
                uses(st.headers[h].value, at(sp + QStringLiteral(".headers"), h) + QStringLiteral(".value"));
            uses(st.body, sp + QStringLiteral(".body"));
            for (qsizetype k = 0; k < st.extract.size(); ++k) {
                if (st.extract[k].var.isEmpty())
                    continue;
                RuntimeVariable &v = variable(st.extract[k].var);
                v.definedAt.append(at(sp + QStringLiteral(".extract"), k));
            }
        }
    }
    QList<RuntimeVariable> out;
    for (RuntimeVariable &v : vars) {
        const qsizetype dot = v.name.indexOf(QLatin1Char('.'));
        if (dot >= 0) {
            const QString source = v.name.left(dot);
            for (qsizetype i = 0; i < s.data.size(); ++i)
                if (s.data[i].name == source)
                    v.definedAt.append(at(QStringLiteral("data"), i));
            v.kind =
                v.definedAt.isEmpty() ? RuntimeVariable::Kind::Undefined : RuntimeVariable::Kind::DataColumn;
        } else if (!v.definedAt.isEmpty()) {
            v.kind = RuntimeVariable::Kind::Extracted;
        } else {
            const QString base = v.name.section(QLatin1Char('('), 0, 0);
            v.kind = engine::isBuiltinVariable(base.toStdString()) ? RuntimeVariable::Kind::Builtin
                                                                   : RuntimeVariable::Kind::Undefined;
        }
        out.append(v);
    }
    return out;
}

QString toString(RuntimeVariable::Kind kind)
{
    switch (kind) {
    case RuntimeVariable::Kind::Extracted:
        return QStringLiteral("extraction");
    case RuntimeVariable::Kind::DataColumn:
        return QStringLiteral("data column");
    case RuntimeVariable::Kind::Builtin:
        return QStringLiteral("built-in");
    case RuntimeVariable::Kind::Undefined:
        return QStringLiteral("not defined");
    }
    return {};
}

} // namespace lw
