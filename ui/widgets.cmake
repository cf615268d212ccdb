# Standalone designer widgets: risk matrix, load-profile preview, capacity planner, revision diff and
# history, new-strategy dialog.
target_sources(lw_ui PRIVATE
  designer/riskmatrixgrid.h designer/riskmatrixgrid.cpp
  designer/riskmatrixview.h designer/riskmatrixview.cpp
  designer/loadprofilepreview.h designer/loadprofilepreview.cpp
  designer/capacityplanner.h designer/capacityplanner.cpp
  designer/revisiondiffview.h designer/revisiondiffview.cpp
  designer/revisionhistorydialog.h designer/revisionhistorydialog.cpp
  designer/newstrategydialog.h designer/newstrategydialog.cpp)
