# core/results: the value types of a run (status, resource samples, events, verdict, the engine's
# interval records and their JSON), shared by storage, notifications, statistics, reports and the run
# controller; and the sliding-window metrics computed from them.
target_sources(lw_results PRIVATE
  results/runtypes.h results/runtypes.cpp
  results/engineevents.h results/engineevents.cpp
  results/runjson.h results/runjson.cpp
  results/metricwindow.h results/metricwindow.cpp
  results/errorrate.h results/errorrate.cpp
  results/resourcecolumns.h results/resourcecolumns.cpp
  results/intervalcolumns.h results/intervalcolumns.cpp
  results/gatedecision.h)
# Debug runs: the engine's step records as presented (secrets masked, problems in words).
target_sources(lw_results PRIVATE results/debugrecord.h results/debugrecord.cpp)
# Scenario statistics: transaction and iteration durations and check counts, merged exactly.
target_sources(lw_results PRIVATE results/scenariostats.h results/scenariostats.cpp)
