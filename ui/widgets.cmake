# Standalone designer widgets: risk matrix, load-profile preview, capacity planner, revision diff and
# history, new-strategy dialog.
target_sources(lw_ui PRIVATE
  riskmatrixgrid.h riskmatrixgrid.cpp
  riskmatrixview.h riskmatrixview.cpp
  loadprofilepreview.h loadprofilepreview.cpp
  capacityplanner.h capacityplanner.cpp
  revisiondiffview.h revisiondiffview.cpp
  revisionhistorydialog.h revisionhistorydialog.cpp
  newstrategydialog.h newstrategydialog.cpp)
