#pragma once

// Draws a ChartSpec with QPainter (the PDF export), from the same layout as the SVG writer.

#include "report/chartmodel.h"

class QPainter;

namespace lw::report {

// Paints spec into box (logical pixels of the painter). The painter's state is restored afterwards.
void paintChart(QPainter &painter, const QRectF &box, const ChartSpec &spec);

} // namespace lw::report
