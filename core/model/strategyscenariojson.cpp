// Schema-2 parts of the strict strategy reader: scenarios and data sources.

#include "model/strategyscenariojson.h"

namespace lw::scenariojson {

using namespace jsonread;

namespace {

void readCheck(StrategyJsonFieldReader &r, const json &v, const QString &p, Check &c)
{
    if (!r.object(v, p, {"name", "type", "status", "min", "max", "value", "path", "header", "under"}))
        return;
    r.read(v, p, "name", c.name, true);
    r.readEnum(v, p, "type", c.type, allCheckTypes(), true);
    r.readList(v, p, "status", c.statuses, [&r](const json &sv, const QString &sp, int &st) {
        qint64 i = 0;
        if (r.integer(sv, sp, 100, 599, i))
            st = int(i);
    });
    r.read(v, p, "min", c.min);
    r.read(v, p, "max", c.max);
    r.read(v, p, "value", c.value);
    r.read(v, p, "path", c.path);
    r.read(v, p, "header", c.header);
    r.read(v, p, "under", c.under);
}

void readStep(StrategyJsonFieldReader &r, const json &v, const QString &p, Step &st)
{
    if (!r.object(v, p,
                  {"name", "method", "url", "headers", "body", "extract", "checks", "think_time",
                   "on_failure", "transaction", "enabled"}))
        return;
    r.read(v, p, "name", st.name, true);
    r.read(v, p, "method", st.method);
    r.read(v, p, "url", st.url, true);
    r.readList(v, p, "headers", st.headers, [&r](const json &hv, const QString &hp, StepHeader &h) {
        if (!r.object(hv, hp, {"name", "value"}))
            return;
        r.read(hv, hp, "name", h.name, true);
        r.read(hv, hp, "value", h.value, true);
    });
    r.read(v, p, "body", st.body);
    r.readList(v, p, "extract", st.extract, [&r](const json &ev, const QString &ep, Extraction &e) {
        if (!r.object(ev, ep, {"var", "from", "expression", "group"}))
            return;
        r.read(ev, ep, "var", e.var, true);
        r.readEnum(ev, ep, "from", e.from, allExtractFroms(), true);
        r.read(ev, ep, "expression", e.expression, true);
        r.read(ev, ep, "group", e.group);
    });
    r.readList(v, p, "checks", st.checks,
               [&r](const json &cv, const QString &cp, Check &c) { readCheck(r, cv, cp, c); });
    r.read(v, p, "think_time", st.thinkTime);
    r.readEnum(v, p, "on_failure", st.onFailure, allStepFailures());
    r.read(v, p, "transaction", st.transaction);
    r.read(v, p, "enabled", st.enabled);
}

} // namespace

void read(StrategyJsonFieldReader &r, const json &root, Strategy &s)
{
    r.readList(root, QString(), "scenarios", s.scenarios,
               [&r](const json &v, const QString &p, Scenario &sc) {
                   if (!r.object(v, p, {"name", "weight", "cookies", "steps"}))
                       return;
                   r.read(v, p, "name", sc.name, true);
                   r.read(v, p, "weight", sc.weight);
                   r.read(v, p, "cookies", sc.cookies);
                   r.readList(
                       v, p, "steps", sc.steps,
                       [&r](const json &sv, const QString &sp, Step &st) { readStep(r, sv, sp, st); }, true);
               });
    r.readList(root, QString(), "data", s.data, [&r](const json &v, const QString &p, DataSource &d) {
        if (!r.object(v, p, {"name", "file", "order", "on_exhausted", "per_vu", "sha256"}))
            return;
        r.read(v, p, "name", d.name, true);
        r.read(v, p, "file", d.file, true);
        r.readEnum(v, p, "order", d.order, allDataOrders());
        r.readEnum(v, p, "on_exhausted", d.onExhausted, allDataExhausteds());
        r.read(v, p, "per_vu", d.perVu);
        r.read(v, p, "sha256", d.sha256);
    });
}

} // namespace lw::scenariojson
