# Resources compiled into lw_services: the sample strategies, read as ":/strategies/<name>.json".
qt_add_resources(lw_services "strategies"
  PREFIX "/strategies"
  BASE "${CMAKE_CURRENT_LIST_DIR}/strategies"
  FILES
    ${CMAKE_CURRENT_LIST_DIR}/strategies/demo-load.json
    ${CMAKE_CURRENT_LIST_DIR}/strategies/spike-test.json
    ${CMAKE_CURRENT_LIST_DIR}/strategies/soak-test.json
    ${CMAKE_CURRENT_LIST_DIR}/strategies/canary-high-risk.json
    ${CMAKE_CURRENT_LIST_DIR}/strategies/closed-model.json
    ${CMAKE_CURRENT_LIST_DIR}/strategies/journey-checkout.json
    ${CMAKE_CURRENT_LIST_DIR}/strategies/journey-users.csv)
