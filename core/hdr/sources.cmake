# core/hdr: HDR histograms (log-linear, HdrHistogram-compatible V2 encoding) and the .hlog interval
# log. Plain C++17, no Qt.
target_sources(lw_hdr PRIVATE
  hdr/hdrencoding.h hdr/hdrencoding.cpp
  hdr/hdrhistogram.h hdr/hdrhistogram.cpp
  hdr/hdrlog.h hdr/hdrlog.cpp)
target_compile_definitions(lw_hdr PRIVATE LW_HDR_VERSION="${PROJECT_VERSION}")
