# ui: widgets, views, charts. designer.cmake: main window, strategy list and editor (designer area);
# widgets.cmake: risk matrix, load-profile preview, capacity planner, revision diff, template picker.
target_sources(lw_ui PRIVATE shell/theme.h shell/theme.cpp
  common/elidedlabel.h common/elidedlabel.cpp common/emptyhint.h common/emptyhint.cpp
  common/columnfit.h common/columnfit.cpp
  common/reflowcolumns.h common/reflowcolumns.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/designer.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/widgets.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/live.cmake) # live run dashboard
include(${CMAKE_CURRENT_LIST_DIR}/approvals.cmake) # Approvals area, audit log view
include(${CMAKE_CURRENT_LIST_DIR}/runs.cmake) # Runs area, report view, comparison
include(${CMAKE_CURRENT_LIST_DIR}/notifications.cmake) # notification channels and delivery log
include(${CMAKE_CURRENT_LIST_DIR}/debug.cmake) # debug runs: Send one iteration, results tree
