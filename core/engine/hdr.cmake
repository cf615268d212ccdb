# HDR histograms (log-linear, HdrHistogram-compatible V2 encoding) and the .hlog interval log.
target_sources(lw_engine PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/hdrencoding.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hdrencoding.h
  ${CMAKE_CURRENT_LIST_DIR}/hdrhistogram.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hdrhistogram.h
  ${CMAKE_CURRENT_LIST_DIR}/hdrlog.cpp
  ${CMAKE_CURRENT_LIST_DIR}/hdrlog.h)
