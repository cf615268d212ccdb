# core/storage/runs.cmake: the run store (zlib comes with lw_engine, for re-compressing histograms)
target_sources(lw_core PRIVATE
  storage/runstore.h storage/runstore_p.h storage/runstore.cpp storage/runstorebatch.cpp
  storage/runstoreread.cpp storage/runstoreintervals.cpp storage/runstorefinish.cpp storage/runstorehistogram.cpp
  storage/runstorepyramid.cpp storage/runstoreresources.cpp
  run/runjson.h run/runjson.cpp)
