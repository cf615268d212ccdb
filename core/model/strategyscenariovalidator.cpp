// Schema-2 rules that span fields: run-time variable references (defined by a data column, an
// earlier extraction or a built-in), extraction and check expressions (compiled by the engine's own
// code), transactions and data files.

#include "model/strategydata.h"

#include "engine/datatable.h"
#include "engine/scenariostep.h"
#include "engine/scenariotemplate.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace lw {

namespace {

QString at(const QString &path, qsizetype i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

const QRegularExpression &identifier()
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re;
}

struct DataInfo
{
    bool known = false; // content read: columns are known
    QStringList columns;
};

class ScenarioChecker
{
public:
    QList<ValidationIssue> issues;

    void fail(const QString &path, const QString &message) { issues.append(ValidationIssue{path, message}); }

    void run(const Strategy &s)
    {
        data(s);
        for (qsizetype i = 0; i < s.scenarios.size(); ++i)
            scenario(s.scenarios[i], at(QStringLiteral("scenarios"), i));
    }

private:
    QHash<QString, DataInfo> m_data;
    QHash<QString, qsizetype> m_disabledExtraction; // of the scenario being checked

    void data(const Strategy &s)
    {
        for (qsizetype i = 0; i < s.data.size(); ++i) {
            const DataSource &d = s.data[i];
            const QString p = at(QStringLiteral("data"), i);
            if (!identifier().match(d.name).hasMatch())
                fail(p + QStringLiteral(".name"),
                     QLatin1Char('"') + d.name +
                         QStringLiteral("\" is not a data source name (letters, digits and _, not starting "
                                        "with a digit)"));
            else if (engine::isBuiltinVariable(d.name.toStdString()))
                fail(p + QStringLiteral(".name"),
                     QLatin1Char('"') + d.name +
                         QStringLiteral("\" is a built-in variable; choose another name"));
            DataInfo info;
            engine::DataFormat format;
            if (d.file.trimmed().isEmpty()) {
                fail(p + QStringLiteral(".file"), QStringLiteral("must not be empty"));
            } else if (!engine::dataFormatFromFileName(d.file.toStdString(), format)) {
                fail(p + QStringLiteral(".file"),
                     QLatin1Char('"') + d.file +
                         QStringLiteral("\": the file name must end in .csv (a header row, then one row per "
                                        "record) or .jsonl / .ndjson (one JSON object per line)"));
            } else if (!d.content.isNull()) {
                QString error;
                int line = 0;
                info.columns = dataColumns(d, &error, &line);
                info.known = error.isEmpty();
                if (!info.known)
                    fail(p + QStringLiteral(".file"),
                         d.file + (line > 0 ? QStringLiteral(" line ") + QString::number(line) : QString()) +
                             QStringLiteral(": ") + error);
            }
            if (m_data.contains(d.name))
                fail(p + QStringLiteral(".name"),
                     QLatin1Char('"') + d.name + QStringLiteral("\" is already used"));
            m_data.insert(d.name, info);
        }
    }

    // Every extraction of the scenario by variable, with the index of the first step that sets it.
    // A disabled step is not sent: it defines nothing, its references are not checked and it does
    // not split a transaction; its expressions are still compiled (the document stays sound).
    void scenario(const Scenario &sc, const QString &p)
    {
        QHash<QString, qsizetype> firstExtraction;
        m_disabledExtraction.clear();
        for (qsizetype j = 0; j < sc.steps.size(); ++j)
            for (const Extraction &e : sc.steps[j].extract) {
                QHash<QString, qsizetype> &into =
                    sc.steps[j].enabled ? firstExtraction : m_disabledExtraction;
                if (!into.contains(e.var))
                    into.insert(e.var, j);
            }

        QHash<QString, qsizetype> transactionEnd; // name -> last enabled step index seen
        qsizetype previousEnabled = -1;
        for (qsizetype j = 0; j < sc.steps.size(); ++j) {
            const Step &st = sc.steps[j];
            const QString sp = at(p + QStringLiteral(".steps"), j);
            extractions(st, sp);
            checks(st, sp);
            if (!st.enabled)
                continue;
            auto refs = [&](const QString &text, const QString &path) {
                templateRefs(text, path, j, sp, p, firstExtraction);
            };
            refs(st.url, sp + QStringLiteral(".url"));
            for (qsizetype h = 0; h < st.headers.size(); ++h)
                refs(st.headers[h].value, at(sp + QStringLiteral(".headers"), h) + QStringLiteral(".value"));
            refs(st.body, sp + QStringLiteral(".body"));
            const qsizetype previous = previousEnabled;
            previousEnabled = j;
            if (!st.transaction.isEmpty()) {
                const auto it = transactionEnd.constFind(st.transaction);
                if (it != transactionEnd.constEnd() && *it != previous)
                    fail(sp + QStringLiteral(".transaction"),
                         QStringLiteral("transaction \"") + st.transaction +
                             QStringLiteral("\" must group consecutive steps; it already ends at ") +
                             at(p + QStringLiteral(".steps"), *it));
                transactionEnd.insert(st.transaction, j);
            }
        }
    }

    void templateRefs(const QString &text, const QString &path, qsizetype step, const QString &stepPath,
                      const QString &scenarioPath, const QHash<QString, qsizetype> &firstExtraction)
    {
        if (!text.contains(QLatin1String("{{")))
            return;
        engine::Template t;
        std::string error;
        if (!t.parse(text.toStdString(), error)) {
            fail(path, qs(error));
            return;
        }
        for (const engine::TemplateSlot &slot : t.references()) {
            if (slot.kind != engine::SlotKind::Variable)
                continue;
            const QString name = qs(slot.name);
            const QString ref = QStringLiteral("{{") + name + QStringLiteral("}}");
            const qsizetype dot = name.indexOf(QLatin1Char('.'));
            if (dot >= 0) {
                const QString source = name.left(dot), column = name.mid(dot + 1);
                const auto it = m_data.constFind(source);
                if (it == m_data.constEnd())
                    fail(path, ref + QStringLiteral(": there is no data source named \"") + source +
                                   QLatin1Char('"'));
                else if (it->known && !it->columns.contains(column))
                    fail(path, ref + QStringLiteral(": data source \"") + source +
                                   QStringLiteral("\" has no column \"") + column +
                                   QStringLiteral("\" (it has: ") + it->columns.join(QStringLiteral(", ")) +
                                   QLatin1Char(')'));
                continue;
            }
            const auto it = firstExtraction.constFind(name);
            if (it == firstExtraction.constEnd())
                fail(path,
                     ref +
                         QStringLiteral(" is not defined: no extraction of this scenario, data column or "
                                        "built-in (vu, iteration, uuid, now, randomInt(a,b)) has that "
                                        "name (") +
                         stepPath + QLatin1Char(')') +
                         (m_disabledExtraction.contains(name)
                              ? QStringLiteral("; ") +
                                    at(scenarioPath + QStringLiteral(".steps"),
                                       m_disabledExtraction.value(name)) +
                                    QStringLiteral(" extracts it but is disabled")
                              : QString()));
            else if (*it == step)
                fail(path,
                     ref + QStringLiteral(" is extracted from this step's own response, so it is not set "
                                          "when the request is sent; only later steps can use it"));
            else if (*it > step)
                fail(path, ref + QStringLiteral(" is used before it is extracted: ") +
                               at(scenarioPath + QStringLiteral(".steps"), *it) +
                               QStringLiteral(" sets it; move the extraction to an earlier step"));
        }
    }

    void extractions(const Step &st, const QString &sp)
    {
        for (qsizetype k = 0; k < st.extract.size(); ++k) {
            const Extraction &e = st.extract[k];
            const QString ep = at(sp + QStringLiteral(".extract"), k);
            if (!identifier().match(e.var).hasMatch())
                fail(ep + QStringLiteral(".var"),
                     QLatin1Char('"') + e.var +
                         QStringLiteral(
                             "\" is not a variable name (letters, digits and _, not starting with a "
                             "digit)"));
            else if (engine::isBuiltinVariable(e.var.toStdString()))
                fail(ep + QStringLiteral(".var"),
                     QLatin1Char('"') + e.var +
                         QStringLiteral("\" is a built-in variable; choose another name"));
            else if (m_data.contains(e.var))
                fail(ep + QStringLiteral(".var"),
                     QLatin1Char('"') + e.var +
                         QStringLiteral("\" is the name of a data source; choose another name"));
            engine::Extraction x;
            x.kind = engine::ExtractKind(int(e.from));
            x.expression = e.expression.toStdString();
            x.group = e.group;
            std::string error;
            if (!x.compile(error))
                fail(ep + (e.from == ExtractFrom::Regex && error.find("group") != std::string::npos
                               ? QStringLiteral(".group")
                               : QStringLiteral(".expression")),
                     qs(error));
        }
    }

    void checks(const Step &st, const QString &sp)
    {
        QSet<QString> names;
        for (qsizetype k = 0; k < st.checks.size(); ++k) {
            const Check &c = st.checks[k];
            const QString cp = at(sp + QStringLiteral(".checks"), k);
            if (c.name.trimmed().isEmpty())
                fail(cp + QStringLiteral(".name"), QStringLiteral("must not be empty"));
            else if (names.contains(c.name))
                fail(cp + QStringLiteral(".name"),
                     QLatin1Char('"') + c.name +
                         QStringLiteral("\" is already used by another check of this step"));
            names.insert(c.name);
            engine::Check x;
            x.kind = engine::CheckKind(int(c.type));
            x.statuses.assign(c.statuses.begin(), c.statuses.end());
            x.min = c.min;
            x.max = c.max;
            x.text = (c.type == CheckType::HeaderPresent ? c.header : c.value).toStdString();
            x.path = c.path.toStdString();
            QString field;
            switch (c.type) {
            case CheckType::Status:
                field = c.statuses.isEmpty() ? QStringLiteral(".min") : QStringLiteral(".status");
                break;
            case CheckType::BodyMatches:
                field = QStringLiteral(".value");
                break;
            case CheckType::JsonEquals:
            case CheckType::JsonExists:
                field = QStringLiteral(".path");
                break;
            case CheckType::HeaderPresent:
                field = QStringLiteral(".header");
                break;
            case CheckType::ResponseTime: {
                field = QStringLiteral(".under");
                const std::optional<qint64> ms = parseDurationMs(c.under);
                if (!ms) {
                    fail(cp + field, QLatin1Char('"') + c.under +
                                         QStringLiteral("\" is not a duration; write e.g. 250ms, 2s"));
                    continue;
                }
                x.underNs = *ms * 1'000'000;
                break;
            }
            case CheckType::BodyContains:
                field = QStringLiteral(".value");
                if (c.value.isEmpty()) {
                    fail(cp + field, QStringLiteral("must not be empty"));
                    continue;
                }
                break;
            }
            std::string error;
            if (!x.compile(error))
                fail(cp + field, qs(error));
        }
    }
};

} // namespace

QList<ValidationIssue> validateScenarioReferences(const Strategy &resolved)
{
    ScenarioChecker c;
    c.run(resolved);
    return c.issues;
}

} // namespace lw
