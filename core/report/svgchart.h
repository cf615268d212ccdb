#pragma once

// Writes a ChartSpec as an inline SVG element (no script, no external reference): axes with ticks
// and grid, one polyline per series (decimated to the pixel width), dashed event markers with a
// <title> tooltip, and a legend. The markup is well-formed XML, so the report stays valid XHTML.

#include "report/chartmodel.h"

#include <QByteArray>
#include <QString>

namespace lw::report {

QByteArray renderSvgChart(const ChartSpec &spec, int width = 880, int height = 300);

// Text for XML content and double-quoted attributes: & < > " ' escaped, and control characters that
// XML 1.0 forbids dropped (a strategy name is user input).
QString escapeXml(const QString &text);

} // namespace lw::report
