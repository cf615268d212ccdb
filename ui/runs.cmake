# ui/report.cmake: the Runs area (run browser, saved reports), the report view with re-slicing
# charts, the comparison view, the trend view, and their prompts (ui/report/).
target_sources(lw_ui PRIVATE
  runs/runlistmodel.h runs/runlistmodel.cpp
  runs/reportprompts.h runs/reportprompts.cpp
  runs/reportcharts.h runs/reportcharts.cpp
  runs/reportsummary.h runs/reportsummary.cpp
  runs/reportview.h runs/reportview.cpp
  runs/comparisonview.h runs/comparisonview.cpp
  runs/trendview.h runs/trendview.cpp
  runs/runsarea.h runs/runsarea.cpp runs/runsareaactions.cpp)
