#pragma once

// Internal to the strategy JSON code: schema-2 parts (scenarios, data) in both directions.

#include "model/strategy.h"
#include "model/strategyjsonfieldreader.h"

#include <cmath>
#include <cstdint>

namespace lw::scenariojson {

// Reads "scenarios" and "data" of a schema-2 document into s.
void read(jsonread::StrategyJsonFieldReader &reader, const jsonread::json &root, Strategy &s);

template <class J> J writeNumber(double d)
{
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9007199254740992.0)
        return J(static_cast<std::int64_t>(d));
    return J(d);
}

// Only the fields a check's type uses are written (deterministically, so the canonical form is too).
template <class J> J writeCheck(const Check &c)
{
    J o = J::object();
    o["name"] = c.name.toStdString();
    o["type"] = toString(c.type).toStdString();
    switch (c.type) {
    case CheckType::Status:
        if (!c.statuses.isEmpty()) {
            J list = J::array();
            for (int st : c.statuses)
                list.push_back(st);
            o["status"] = list;
        } else {
            o["min"] = c.min;
            o["max"] = c.max;
        }
        break;
    case CheckType::BodyContains:
    case CheckType::BodyMatches:
        o["value"] = c.value.toStdString();
        break;
    case CheckType::JsonEquals:
        o["path"] = c.path.toStdString();
        o["value"] = c.value.toStdString();
        break;
    case CheckType::JsonExists:
        o["path"] = c.path.toStdString();
        break;
    case CheckType::HeaderPresent:
        o["header"] = c.header.toStdString();
        break;
    case CheckType::ResponseTime:
        o["under"] = c.under.toStdString();
        break;
    }
    return o;
}

template <class J> J writeScenarios(const Strategy &s)
{
    J out = J::array();
    for (const Scenario &sc : s.scenarios) {
        J o = J::object();
        o["name"] = sc.name.toStdString();
        o["weight"] = writeNumber<J>(sc.weight);
        o["cookies"] = sc.cookies;
        J steps = J::array();
        for (const Step &st : sc.steps) {
            J so = J::object();
            so["name"] = st.name.toStdString();
            so["method"] = st.method.toStdString();
            so["url"] = st.url.toStdString();
            J headers = J::array();
            for (const StepHeader &h : st.headers) {
                J hj = J::object();
                hj["name"] = h.name.toStdString();
                hj["value"] = h.value.toStdString();
                headers.push_back(hj);
            }
            so["headers"] = headers;
            so["body"] = st.body.toStdString();
            J extract = J::array();
            for (const Extraction &e : st.extract) {
                J ej = J::object();
                ej["var"] = e.var.toStdString();
                ej["from"] = toString(e.from).toStdString();
                ej["expression"] = e.expression.toStdString();
                if (e.from == ExtractFrom::Regex)
                    ej["group"] = e.group;
                extract.push_back(ej);
            }
            so["extract"] = extract;
            J checks = J::array();
            for (const Check &c : st.checks)
                checks.push_back(writeCheck<J>(c));
            so["checks"] = checks;
            so["think_time"] = st.thinkTime.toStdString();
            so["on_failure"] = toString(st.onFailure).toStdString();
            so["transaction"] = st.transaction.toStdString();
            if (!st.enabled) // written only when off, so the hash of existing journeys is unchanged
                so["enabled"] = false;
            steps.push_back(so);
        }
        o["steps"] = steps;
        out.push_back(o);
    }
    return out;
}

template <class J> J writeData(const Strategy &s)
{
    J out = J::array();
    for (const DataSource &d : s.data) {
        J o = J::object();
        o["name"] = d.name.toStdString();
        o["file"] = d.file.toStdString();
        o["order"] = toString(d.order).toStdString();
        o["on_exhausted"] = toString(d.onExhausted).toStdString();
        o["per_vu"] = d.perVu;
        o["sha256"] = d.sha256.toStdString();
        out.push_back(o);
    }
    return out;
}

} // namespace lw::scenariojson
