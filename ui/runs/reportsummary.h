#pragma once

// The text parts of a report view: the Summary page (criteria with measured values, safety events
// and actions, prerequisites with who and when, the risk register, the approvals that allowed the
// run, the strategy revision) as HTML for a QTextBrowser, and the per-request and per-stage tables.

#include "report/runreport.h"

#include <QString>

class QTableWidget;

namespace lw::ui {

QString reportSummaryHtml(const report::RunReport &report);
void fillRequestTable(QTableWidget *table, const report::RunReport &report);
void fillStageTable(QTableWidget *table, const report::RunReport &report);
// "p50 12.1 ms · p90 ... · 1,234 requests · 40.1 req/s · 0.10 % errors" for the headline.
QString headlineText(const report::RangeFigures &figures);

} // namespace lw::ui
