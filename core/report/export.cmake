# core/report exports: HTML (inline SVG charts), PDF (QPdfWriter), JSON, CSV, HdrHistogram log, and
# `loadwright report`. The PDF export paints with QtGui (never Widgets).
target_link_libraries(lw_core PUBLIC Qt6::Gui)
target_sources(lw_core PRIVATE
  report/reportexport.h report/reportexport.cpp report/exportfile.h report/exportformat.cpp
  report/chartmodel.h report/chartmodel.cpp report/svgchart.h report/svgchart.cpp
  report/chartpainter.h report/chartpainter.cpp
  report/reportdocument.h report/reportdocument.cpp report/reportcharts.cpp
  report/htmlreport.cpp report/pdfreport.cpp report/hlogexport.cpp)
