# ui/run.cmake: live run dashboard (ui/run/): the decimated live model, the charts, the dashboard,
# the pre-run dialog and the thin layer that drives a RunController in a worker thread.
target_sources(lw_ui PRIVATE
  live/decimatedseries.h live/decimatedseries.cpp
  live/liverunmodel.h live/liverunmodel.cpp
  live/livechart.h live/livechart.cpp
  live/runcharts.h live/runcharts.cpp
  live/runtablemodels.h live/runtablemodels.cpp
  live/runheader.h live/runheader.cpp
  live/livedashboard.h live/livedashboard.cpp live/livedashboardslots.cpp
  live/runprompts.h live/runprompts.cpp
  live/prerundialog.h live/prerundialog.cpp
  live/runsession.h live/runsession.cpp
  live/runlauncher.h live/runlauncher.cpp)
# Named scenario checks while the run goes (like k6's check summary).
target_sources(lw_ui PRIVATE live/checksummarymodel.h live/checksummarymodel.cpp)
