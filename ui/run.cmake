# ui/run.cmake: live run dashboard (ui/run/): the decimated live model, the charts, the dashboard,
# the pre-run dialog and the thin layer that drives a RunController in a worker thread.
target_sources(lw_ui PRIVATE
  run/decimatedseries.h run/decimatedseries.cpp
  run/liverunmodel.h run/liverunmodel.cpp
  run/livechart.h run/livechart.cpp
  run/runcharts.h run/runcharts.cpp
  run/runtablemodels.h run/runtablemodels.cpp
  run/runheader.h run/runheader.cpp
  run/livedashboard.h run/livedashboard.cpp run/livedashboardslots.cpp
  run/runprompts.h run/runprompts.cpp
  run/prerundialog.h run/prerundialog.cpp
  run/runsession.h run/runsession.cpp
  run/runlauncher.h run/runlauncher.cpp)
