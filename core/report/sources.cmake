# core/report: the report of a stored run (RunReport), fast range re-slicing over merged interval
# histograms (RangeSlicer), saved reports and baseline runs, a strategy's runs over time (trend).
target_sources(lw_report PRIVATE report/runreport.h report/savedreports.h
  report/runreport.cpp report/rangeslicer.cpp report/distribution.cpp
  report/sparsehistogram.h report/sparsehistogram.cpp report/reportfigures_p.h
  report/reportjson_p.h report/reportjsonin_p.h report/reportjson.cpp report/reportjsonread.cpp
  report/savedreports.cpp report/intervalscan.h report/intervalscan.cpp
  report/safetyevents.h report/chartpalette.h report/chartpalette.cpp
  report/trend.h report/trend.cpp)
