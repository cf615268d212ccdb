# core/report exports: HTML (inline SVG charts), PDF (QPdfWriter), JSON, CSV, HdrHistogram log.
# The PDF export paints with QtGui (never Widgets).
target_sources(lw_report PRIVATE
  report/reportexport.h report/reportexport.cpp report/exportfile.h report/exportformat.cpp
  report/chartmodel.h report/chartmodel.cpp report/svgchart.h report/svgchart.cpp
  report/chartpainter.h report/chartpainter.cpp
  report/reportdocument.h report/reportdocument.cpp report/reportblocks.cpp report/reportcharts.cpp
  report/htmlreport.cpp report/pdfreport.cpp report/hlogexport.cpp)
