# core/report: the report of a stored run (RunReport), fast range re-slicing over merged interval
# histograms (RangeSlicer), saved reports and baseline runs.
target_sources(lw_core PRIVATE report/runreport.h report/savedreports.h)
