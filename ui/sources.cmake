# ui: widgets, views, charts. designer.cmake: main window, strategy list and editor (designer area);
# widgets.cmake: risk matrix, load-profile preview, capacity planner, revision diff, template picker.
target_sources(lw_ui PRIVATE theme.h theme.cpp elidedlabel.h elidedlabel.cpp emptyhint.h emptyhint.cpp)
include(${CMAKE_CURRENT_LIST_DIR}/designer.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/widgets.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/run.cmake) # live run dashboard
include(${CMAKE_CURRENT_LIST_DIR}/governance.cmake) # Approvals area, audit log view
include(${CMAKE_CURRENT_LIST_DIR}/report.cmake) # Runs area, report view, comparison
include(${CMAKE_CURRENT_LIST_DIR}/notify.cmake) # notification channels and delivery log
