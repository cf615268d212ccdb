# ui/report.cmake: the Runs area (run browser, saved reports), the report view with re-slicing
# charts, the comparison view, and their prompts (ui/report/).
target_sources(lw_ui PRIVATE
  report/runlistmodel.h report/runlistmodel.cpp
  report/reportprompts.h report/reportprompts.cpp
  report/reportcharts.h report/reportcharts.cpp
  report/reportsummary.h report/reportsummary.cpp
  report/reportview.h report/reportview.cpp
  report/comparisonview.h report/comparisonview.cpp
  report/runsarea.h report/runsarea.cpp report/runsareaactions.cpp)
