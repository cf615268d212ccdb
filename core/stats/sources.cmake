# core/stats: the statistics of run comparison (Mann-Whitney U, moving-block bootstrap of merged
# interval histograms), the baseline-vs-candidate comparison of two stored runs and change points in a
# strategy's runs over time (trend).
target_sources(lw_stats PRIVATE
  stats/mannwhitney.h stats/mannwhitney.cpp
  stats/bootstrap.h stats/bootstrap.cpp
  stats/blocktest.h stats/blocktest.cpp
  stats/comparison.h stats/comparison.cpp stats/comparisonio.cpp
  stats/trend.h stats/trend.cpp)
