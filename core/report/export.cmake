# core/report exports: HTML (inline SVG charts), PDF (QPdfWriter), JSON, CSV, HdrHistogram log.
target_sources(lw_core PRIVATE report/reportexport.h)
