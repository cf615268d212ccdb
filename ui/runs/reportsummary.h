#pragma once

// The text parts of a report view, from the same content model as the HTML and PDF exports
// (report::buildReportDocument): the Summary page (verdict, criteria with measured values, checks,
// safety events and actions, prerequisites, the risk register, the approvals that allowed the run,
// the run's facts) as HTML for a QTextBrowser, and the per-request and per-stage tables.

#include "report/reportdocument.h"
#include "report/runreport.h"

#include <QString>

class QTableWidget;

namespace lw::ui {

// The report's content without charts (the view draws its own, interactive).
report::ReportDocument reportViewDocument(const report::RunReport &report);
QString reportSummaryHtml(const report::ReportDocument &doc);
void fillRequestTable(QTableWidget *table, const report::ReportDocument &doc);
void fillStageTable(QTableWidget *table, const report::ReportDocument &doc);
// Scenario runs: transactions and each scenario's iterations (durations from merged histograms).
void fillScopeTable(QTableWidget *table, const report::ReportDocument &doc);
// "p50 12.1 ms · p90 ... · 1,234 requests · 40.1 req/s · 0.10 % errors" for the headline.
QString headlineText(const report::RangeFigures &figures);

} // namespace lw::ui
