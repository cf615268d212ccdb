# core/storage/runs.cmake: the run store (intervals, resources, events, verdicts)
target_sources(lw_storage PRIVATE
  storage/runstore.h storage/runstore_p.h storage/runstore.cpp storage/runstorebatch.cpp
  storage/runstoreread.cpp storage/runstoreintervals.cpp storage/runstorefinish.cpp storage/runstorehistogram.cpp
  storage/runstorepyramid.cpp storage/runstoreresources.cpp storage/runstorecolumns.cpp)
