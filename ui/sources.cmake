# ui: widgets, views, charts.
target_sources(lw_ui PRIVATE theme.h theme.cpp)
