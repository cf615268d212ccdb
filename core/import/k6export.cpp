#include "import/k6export.h"

#include "engine/scenariostep.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QTextStream>

#include <nlohmann/json.hpp>

#include <cmath>

namespace lw::import {

namespace {

// A JavaScript string literal. U+2028 and U+2029 are escaped too: they end a line in JavaScript, and
// the literal may stand in a // comment.
QString js(const QString &text)
{
    QString literal = QString::fromStdString(nlohmann::json(text.toStdString()).dump());
    literal.replace(QChar(0x2028), QLatin1String("\\u2028"));
    literal.replace(QChar(0x2029), QLatin1String("\\u2029"));
    return literal;
}

QString num(double v)
{
    return QString::number(v, 'g', 12);
}

QString durationMs(const QString &text)
{
    return QStringLiteral("'%1ms'").arg(parseDurationMs(text).value_or(0));
}

class Writer
{
public:
    QSet<QString> requiredEnv;
    QSet<QString> envWithDefault;
    QStringList notes;

    // A strategy string with ${VAR} (pre-run) and {{var}} (run-time) references as a JS expression.
    QString expr(const QString &text)
    {
        QStringList parts;
        QString lit;
        const auto flush = [&] {
            if (!lit.isEmpty())
                parts.append(js(lit));
            lit.clear();
        };
        for (qsizetype i = 0; i < text.size();) {
            if (text.mid(i, 3) == QLatin1String("$${")) {
                lit += QStringLiteral("${");
                i += 3;
            } else if (text.mid(i, 3) == QLatin1String("\\{{")) {
                lit += QStringLiteral("{{");
                i += 3;
            } else if (text.mid(i, 2) == QLatin1String("${")) {
                const qsizetype close = text.indexOf(QLatin1Char('}'), i + 2);
                if (close < 0) {
                    lit += text.mid(i);
                    break;
                }
                const QString inner = text.mid(i + 2, close - i - 2);
                const qsizetype dflt = inner.indexOf(QLatin1String(":-"));
                flush();
                if (dflt >= 0) {
                    envWithDefault.insert(inner.left(dflt));
                    parts.append(
                        QStringLiteral("env(%1, %2)").arg(js(inner.left(dflt)), js(inner.mid(dflt + 2))));
                } else {
                    requiredEnv.insert(inner);
                    parts.append(QStringLiteral("env(%1)").arg(js(inner)));
                }
                i = close + 1;
            } else if (text.mid(i, 2) == QLatin1String("{{")) {
                const qsizetype close = text.indexOf(QLatin1String("}}"), i + 2);
                if (close < 0) {
                    lit += text.mid(i);
                    break;
                }
                QString name = text.mid(i + 2, close - i - 2);
                name.remove(QLatin1Char(' '));
                flush();
                parts.append(runtime(name));
                i = close + 2;
            } else {
                lit += text.at(i++);
            }
        }
        flush();
        return parts.isEmpty() ? QStringLiteral("''") : parts.join(QStringLiteral(" + "));
    }

private:
    QString runtime(const QString &name)
    {
        static const QRegularExpression randomInt(QStringLiteral("^randomInt\\((-?\\d+),(-?\\d+)\\)$"));
        if (name == QLatin1String("vu"))
            return QStringLiteral("String(exec.vu.idInTest)");
        if (name == QLatin1String("iteration"))
            return QStringLiteral("String(exec.vu.iterationInScenario + 1)");
        if (name == QLatin1String("uuid"))
            return QStringLiteral("uuidv4()");
        if (name == QLatin1String("now"))
            return QStringLiteral("String(Date.now())");
        const auto m = randomInt.match(name);
        if (m.hasMatch())
            return QStringLiteral("String(randomInt(%1, %2))").arg(m.captured(1), m.captured(2));
        const qsizetype dot = name.indexOf(QLatin1Char('.'));
        if (dot > 0)
            return QStringLiteral("d[%1][%2]").arg(js(name.left(dot)), js(name.mid(dot + 1)));
        return QStringLiteral("v[%1]").arg(js(name));
    }
};

// JSON path or pointer as the list of keys the script walks.
QString jsonPathArray(const QString &expression)
{
    nlohmann::json::json_pointer pointer;
    std::string error;
    if (!engine::compileJsonPath(expression.toStdString(), pointer, error))
        return QStringLiteral("[]");
    QStringList keys;
    const QString text = QString::fromStdString(pointer.to_string());
    if (!text.isEmpty()) {
        for (QString k : text.mid(1).split(QLatin1Char('/')))
            keys.append(js(k.replace(QStringLiteral("~1"), QStringLiteral("/"))
                               .replace(QStringLiteral("~0"), QStringLiteral("~"))));
    }
    return QLatin1Char('[') + keys.join(QStringLiteral(", ")) + QLatin1Char(']');
}

const char *kHelpers = R"JS(function env(name, fallback) {
  const value = __ENV[name];
  if (value !== undefined && value !== '') return value;
  if (fallback !== undefined) return fallback;
  throw new Error('set ' + name + ' before the run: k6 run -e ' + name + '=... this-script.js');
}

function jsonAt(res, path) {
  let x;
  try {
    x = res.json();
  } catch (e) {
    return undefined;
  }
  for (const key of path) {
    if (x === null || typeof x !== 'object' || !(key in x)) return undefined;
    x = x[key];
  }
  if (x === null || x === undefined) return undefined;
  return typeof x === 'string' ? x : JSON.stringify(x);
}

function headerOf(res, name) {
  const wanted = name.toLowerCase();
  for (const key of Object.keys(res.headers)) {
    if (key.toLowerCase() === wanted) return res.headers[key];
  }
  return undefined;
}

function cookieOf(res, name) {
  const c = res.cookies[name];
  return c && c.length > 0 ? c[0].value : undefined;
}

function regexOf(res, re, group) {
  const m = re.exec(String(res.body));
  return m && m[group] !== undefined ? m[group] : undefined;
}

function randomInt(low, high) {
  return low + Math.floor(Math.random() * (high - low + 1));
}

function uuidv4() {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = Math.floor(Math.random() * 16);
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}

// RFC 4180 CSV with a header row (no papaparse needed): rows as objects by column name.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const header = rows.shift() || [];
  return rows
    .filter((r) => !(r.length === 1 && r[0] === ''))
    .map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]])));
}

function parseJsonLines(text) {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const o = JSON.parse(line);
      const row = {};
      for (const key of Object.keys(o)) row[key] = typeof o[key] === 'string' ? o[key] : JSON.stringify(o[key]);
      return row;
    });
}

const vuRows = {};
// One row of a data source for this iteration (or for this virtual user's life with perVu).
function rowOf(name, order, onExhausted, perVu) {
  const rows = DATA[name];
  if (perVu && vuRows[name] !== undefined) return vuRows[name];
  let index;
  if (order === 'random') {
    index = Math.floor(Math.random() * rows.length);
  } else {
    index = perVu ? exec.vu.idInTest - 1 : exec.scenario.iterationInTest;
    if (index >= rows.length) {
      if (onExhausted === 'stop') exec.test.abort('data source ' + name + ' ran out of rows');
      index = index % rows.length;
    }
  }
  if (perVu) vuRows[name] = rows[index];
  return rows[index];
}
)JS";

QString checkCondition(const Check &c, Writer &w)
{
    switch (c.type) {
    case CheckType::Status: {
        if (!c.statuses.isEmpty()) {
            QStringList list;
            for (int s : c.statuses)
                list.append(QString::number(s));
            return QStringLiteral("[%1].includes(r.status)").arg(list.join(QStringLiteral(", ")));
        }
        return QStringLiteral("r.status >= %1 && r.status <= %2").arg(c.min).arg(c.max);
    }
    case CheckType::BodyContains:
        return QStringLiteral("String(r.body).includes(%1)").arg(w.expr(c.value));
    case CheckType::BodyMatches:
        return QStringLiteral("new RegExp(%1).test(String(r.body))").arg(js(c.value));
    case CheckType::JsonEquals:
        return QStringLiteral("jsonAt(r, %1) === %2").arg(jsonPathArray(c.path), w.expr(c.value));
    case CheckType::JsonExists:
        return QStringLiteral("jsonAt(r, %1) !== undefined").arg(jsonPathArray(c.path));
    case CheckType::HeaderPresent:
        return QStringLiteral("headerOf(r, %1) !== undefined").arg(js(c.header));
    case CheckType::ResponseTime:
        return QStringLiteral("r.timings.duration < %1").arg(parseDurationMs(c.under).value_or(0));
    }
    return QStringLiteral("true");
}

QString extractionValue(const Extraction &e)
{
    switch (e.from) {
    case ExtractFrom::Json:
        return QStringLiteral("jsonAt(res, %1)").arg(jsonPathArray(e.expression));
    case ExtractFrom::Regex:
        return QStringLiteral("regexOf(res, new RegExp(%1), %2)").arg(js(e.expression)).arg(e.group);
    case ExtractFrom::Header:
        return QStringLiteral("headerOf(res, %1)").arg(js(e.expression));
    case ExtractFrom::Cookie:
        return QStringLiteral("cookieOf(res, %1)").arg(js(e.expression));
    }
    return QStringLiteral("undefined");
}

void writeStep(QTextStream &o, const QString &fn, const Step &st, bool cookies, const Strategy &s, Writer &w)
{
    o << "function " << fn << "(v, d) {\n";
    o << "  const res = http.request(" << js(st.method) << ", " << w.expr(st.url) << ", "
      << (st.body.isEmpty() ? QStringLiteral("null") : w.expr(st.body)) << ", {\n";
    o << "    headers: {";
    for (qsizetype i = 0; i < st.headers.size(); ++i)
        o << (i ? ", " : " ") << js(st.headers[i].name) << ": " << w.expr(st.headers[i].value);
    o << (st.headers.isEmpty() ? "},\n" : " },\n");
    o << "    tags: { name: " << js(st.name) << " },\n";
    o << "    timeout: " << durationMs(s.load.requestTimeout) << ",\n";
    if (!cookies)
        o << "    jar: new http.CookieJar(),\n";
    o << "  });\n";
    o << "  let ok = res.status !== 0 && res.status < 400;\n";
    // One constant per extraction (a step may extract the same variable twice: the later one wins).
    for (qsizetype k = 0; k < st.extract.size(); ++k) {
        const Extraction &e = st.extract[k];
        const QString x = QStringLiteral("x%1_%2").arg(k).arg(e.var);
        o << "  const " << x << " = " << extractionValue(e) << ";\n";
        o << "  if (" << x << " === undefined) ok = false;\n";
        o << "  else v[" << js(e.var) << "] = " << x << ";\n";
    }
    if (!st.checks.isEmpty()) {
        o << "  ok = check(res, {\n";
        for (const Check &c : st.checks)
            o << "    " << js(c.name) << ": (r) => " << checkCondition(c, w) << ",\n";
        o << "  }) && ok;\n";
    }
    const qint64 think = parseDurationMs(st.thinkTime).value_or(0);
    if (think > 0)
        o << "  sleep(" << num(double(think) / 1000.0) << ");\n";
    o << "  return " << (st.onFailure == StepFailure::Continue ? "true" : "ok") << ";\n";
    o << "}\n\n";
}

QString metricThreshold(const Metric &m, const QString &op, double threshold, QString *k6Metric)
{
    switch (m.kind) {
    case MetricKind::LatencyPercentile:
        *k6Metric = QStringLiteral("http_req_duration");
        return QStringLiteral("p(%1)%2%3").arg(num(m.percentile), op, num(threshold));
    case MetricKind::LatencyMean:
        *k6Metric = QStringLiteral("http_req_duration");
        return QStringLiteral("avg%1%2").arg(op, num(threshold));
    case MetricKind::LatencyMax:
        *k6Metric = QStringLiteral("http_req_duration");
        return QStringLiteral("max%1%2").arg(op, num(threshold));
    case MetricKind::Throughput:
        *k6Metric = QStringLiteral("http_reqs");
        return QStringLiteral("rate%1%2").arg(op, num(threshold));
    case MetricKind::ErrorRate:
        *k6Metric = QStringLiteral("http_req_failed");
        return QStringLiteral("rate%1%2").arg(op, num(threshold / 100.0));
    case MetricKind::CheckFailureRate: {
        // k6's "checks" rate is the passing share: failure < x  <=>  passing > 1 - x.
        *k6Metric = QStringLiteral("checks");
        QString flipped = op;
        flipped.replace(QLatin1Char('<'), QLatin1Char('#'))
            .replace(QLatin1Char('>'), QLatin1Char('<'))
            .replace(QLatin1Char('#'), QLatin1Char('>'));
        return QStringLiteral("rate%1%2").arg(flipped, num(1.0 - threshold / 100.0));
    }
    case MetricKind::Cpu:
    case MetricKind::Memory:
        return QString();
    }
    return QString();
}

} // namespace

K6Script exportK6(const Strategy &s)
{
    K6Script out;
    Writer w;
    QString body;
    QTextStream o(&body);

    // Journeys: every target as a one-step journey, every scenario as one.
    struct Journey
    {
        QString fn;
        double weight;
        QString name;
    };
    QList<Journey> journeys;
    for (qsizetype i = 0; i < s.targets.size(); ++i) {
        const Target &t = s.targets[i];
        Step st;
        st.name = t.name;
        st.method = t.method;
        st.url = t.url;
        for (const HttpHeader &h : t.headers)
            st.headers.append({h.name, h.value});
        st.body = t.body;
        if (t.expectStatus) {
            Check c;
            c.name = QStringLiteral("status %1").arg(*t.expectStatus);
            c.statuses = {*t.expectStatus};
            st.checks.append(c);
        }
        const QString fn = QStringLiteral("target_%1").arg(i);
        writeStep(o, fn + QStringLiteral("_step"), st, true, s, w);
        o << "function " << fn << "() {\n  " << fn << "_step({}, {});\n}\n\n";
        journeys.append({fn, t.weight, t.name});
    }
    QSet<QString> sourcesUsed;
    for (qsizetype i = 0; i < s.scenarios.size(); ++i) {
        const Scenario &sc = s.scenarios[i];
        for (qsizetype j = 0; j < sc.steps.size(); ++j)
            writeStep(o, QStringLiteral("scenario_%1_step_%2").arg(i).arg(j), sc.steps[j], sc.cookies, s, w);
        const QString fn = QStringLiteral("scenario_%1").arg(i);
        o << "// Scenario " << js(sc.name) << "\n";
        o << "function " << fn << "() {\n";
        o << "  const v = {};\n";
        o << "  const d = {";
        for (qsizetype k = 0; k < s.data.size(); ++k) {
            const DataSource &src = s.data[k];
            o << (k ? ", " : " ") << js(src.name) << ": rowOf(" << js(src.name) << ", "
              << js(toString(src.order)) << ", " << js(toString(src.onExhausted)) << ", "
              << (src.perVu ? "true" : "false") << ")";
        }
        o << (s.data.isEmpty() ? "};\n" : " };\n");
        for (qsizetype j = 0; j < sc.steps.size();) {
            const QString tx = sc.steps[j].transaction;
            qsizetype end = j + 1;
            while (!tx.isEmpty() && end < sc.steps.size() && sc.steps[end].transaction == tx)
                ++end;
            QStringList calls;
            for (qsizetype k = j; k < end; ++k)
                calls.append(QStringLiteral("scenario_%1_step_%2(v, d)").arg(i).arg(k));
            if (tx.isEmpty())
                o << "  if (!" << calls.join(QStringLiteral(" && ")) << ") return;\n";
            else
                o << "  if (!group(" << js(tx) << ", () => " << calls.join(QStringLiteral(" && "))
                  << ")) return;\n";
            j = end;
        }
        o << "}\n\n";
        journeys.append({fn, sc.weight, sc.name});
    }
    o.flush();

    // The header: what does not translate.
    QStringList &nt = out.notTranslated;
    nt << QStringLiteral(
        "Approvals, the audit trail, testing windows, prerequisites, rollback plans, monitoring "
        "and notifications stay in Loadwright.");
    nt << QStringLiteral(
        "Latency is k6's http_req_duration (from the actual send), not Loadwright's from the "
        "intended start in the open model (coordinated omission).");
    nt << QStringLiteral(
        "error_rate maps to http_req_failed (HTTP 400+ and no answer); failed extractions and "
        "checks are not counted there.");
    nt << QStringLiteral("Success criteria become thresholds that must all hold: weights, the 80% score and "
                         "'required' do not translate.");
    if (!s.safetyLimits.isEmpty())
        nt << QStringLiteral(
            "Safety limits become thresholds with abortOnFail; their 'for' duration is only a "
            "delay before evaluation, and rollback or alert actions do not exist in k6.");
    if (s.load.rateCap)
        nt << QStringLiteral("rate_cap has no k6 equivalent and was left out.");
    if (s.load.model == LoadModel::Closed && parseDurationMs(s.load.thinkTime).value_or(0) > 0)
        nt << QStringLiteral("load.think_time is a sleep at the end of each iteration.");
    for (const SuccessCriterion &c : s.successCriteria)
        if (c.metric.kind == MetricKind::Cpu || c.metric.kind == MetricKind::Memory)
            nt << QStringLiteral("The %1 criterion needs resource monitoring, which k6 does not do.")
                      .arg(toString(c.metric));
    if (!s.data.isEmpty())
        nt << QStringLiteral("Data rows: 'sequential' and 'unique' use k6's iteration number in the test, "
                             "'stop' aborts the whole test when rows run out.");

    QString script;
    QTextStream h(&script);
    h << "// k6 script generated by Loadwright from the strategy " << js(s.name) << ".\n";
    h << "// Run: k6 run";
    QStringList envs(w.requiredEnv.cbegin(), w.requiredEnv.cend());
    envs.sort();
    for (const QString &e : envs)
        h << " -e " << e << "=...";
    h << " script.js\n//\n// Not translated:\n";
    for (const QString &n : nt)
        h << "// - " << n << '\n';
    h << "\nimport http from 'k6/http';\nimport { check, group, sleep } from 'k6';\n"
         "import { SharedArray } from 'k6/data';\nimport exec from 'k6/execution';\n\n";
    h << kHelpers << '\n';
    h << "const DATA = {\n";
    for (const DataSource &d : s.data) {
        const bool jsonl = !d.file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive);
        const QString path = QFileInfo(d.file).isAbsolute() ? d.file : QStringLiteral("./") + d.file;
        out.dataFiles.append(d.file);
        h << "  " << js(d.name) << ": new SharedArray(" << js(d.name) << ", () => "
          << (jsonl ? "parseJsonLines" : "parseCsv") << "(open(" << js(path) << "))),\n";
    }
    h << "};\n\n";
    h << "// Pre-run variables without a default must be set: checked before the first iteration.\n";
    h << "for (const name of [";
    for (qsizetype i = 0; i < envs.size(); ++i)
        h << (i ? ", " : "") << js(envs[i]);
    h << "]) env(name);\n\n";

    // options: the load profile and the thresholds.
    const bool open = s.load.model == LoadModel::Open;
    bool whole = true;
    for (const Stage &st : s.load.stages)
        whole = whole && st.target == std::floor(st.target);
    const double scale = open && !whole ? 60.0 : 1.0;
    h << "export const options = {\n  maxRedirects: 0,\n  scenarios: {\n    load: {\n";
    if (open) {
        h << "      executor: 'ramping-arrival-rate',\n      startRate: 0,\n      timeUnit: '"
          << (scale == 1.0 ? "1s" : "1m") << "',\n      preAllocatedVUs: " << s.load.maxConnections
          << ",\n      maxVUs: " << s.load.maxConnections << ",\n";
    } else {
        h << "      executor: 'ramping-vus',\n      startVUs: 0,\n      gracefulRampDown: '0s',\n";
    }
    h << "      stages: [\n";
    for (const Stage &st : s.load.stages) {
        const qint64 target = std::llround(st.target * scale);
        if (st.ramp == StageRamp::Step)
            h << "        { duration: '0s', target: " << target << " },\n";
        h << "        { duration: " << durationMs(st.duration) << ", target: " << target << " },\n";
    }
    h << "      ],\n    },\n  },\n  thresholds: {\n";
    QMap<QString, QStringList> thresholds;
    for (const SuccessCriterion &c : s.successCriteria) {
        QString metric;
        const QString t = metricThreshold(c.metric, toString(c.op), c.threshold, &metric);
        if (!t.isEmpty())
            thresholds[metric].append(js(t));
    }
    for (const SafetyLimit &l : s.safetyLimits) {
        if (l.action == SafetyAction::Alert || l.action == SafetyAction::Throttle)
            continue; // k6 thresholds only abort; a limit that lets the run go on has no equivalent
        QString metric;
        const QString op =
            l.metric.kind == MetricKind::Throughput ? QStringLiteral(">=") : QStringLiteral("<=");
        const QString t = metricThreshold(l.metric, op, l.threshold, &metric);
        if (!t.isEmpty())
            thresholds[metric].append(
                QStringLiteral("{ threshold: %1, abortOnFail: true, delayAbortEval: %2 }")
                    .arg(js(t), durationMs(l.forDuration)));
    }
    for (auto it = thresholds.cbegin(); it != thresholds.cend(); ++it)
        h << "    " << it.key() << ": [" << it.value().join(QStringLiteral(", ")) << "],\n";
    h << "  },\n};\n\n";
    h << body;
    h << "const JOURNEYS = [\n";
    for (const Journey &j : journeys)
        h << "  { name: " << js(j.name) << ", weight: " << num(j.weight) << ", run: " << j.fn << " },\n";
    h << "];\nconst TOTAL_WEIGHT = JOURNEYS.reduce((sum, j) => sum + j.weight, 0);\n\n";
    h << "// Each iteration runs one journey chosen by weight, as each arrival or iteration does in "
         "Loadwright.\n";
    h << "export default function () {\n  let r = Math.random() * TOTAL_WEIGHT;\n"
         "  let chosen = JOURNEYS[JOURNEYS.length - 1];\n"
         "  for (const j of JOURNEYS) {\n    if ((r -= j.weight) < 0) {\n      chosen = j;\n      break;\n   "
         " }\n  }\n"
         "  chosen.run();\n";
    const qint64 think = parseDurationMs(s.load.thinkTime).value_or(0);
    if (!open && think > 0)
        h << "  sleep(" << num(double(think) / 1000.0) << ");\n";
    h << "}\n";
    h.flush();
    out.script = script;
    return out;
}

} // namespace lw::import
