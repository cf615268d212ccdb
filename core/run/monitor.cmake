# core/run/monitor.cmake: resource monitoring (/proc, processes, Prometheus endpoints) and
# prerequisite checks. libcurl does the HTTP work (scrapes and health checks).
target_sources(lw_run PRIVATE
  run/procstats.h run/procstats.cpp
  run/prometheus.h run/prometheus.cpp run/prometheusparser.cpp
  run/httpfetch.h run/httpfetch.cpp
  run/resourcemonitor.h run/resourcemonitor.cpp
  run/prerequisitechecker.h run/prerequisitechecker_p.h run/prerequisitechecker.cpp run/prerequisitechecks.cpp)
target_link_libraries(lw_run PRIVATE CURL::libcurl)
