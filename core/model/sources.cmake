# core/model: the strategy model, JSON I/O, validation, templates.
target_sources(lw_model PRIVATE
  model/strategy.h model/strategy.cpp model/strategytext.cpp
  model/strategysuggest.h model/strategysuggest.cpp
  model/strategyjson.h model/strategyjson.cpp model/strategyjsonreader.cpp
  model/scenario.h model/scenariotext.cpp model/strategyscenariojson.h model/strategyscenariojson.cpp
  model/strategydata.h model/strategydata.cpp model/strategyscenariovalidator.cpp
  model/scenariovariables.h model/scenariovariables.cpp
  model/strategyjsonfieldreader.h model/strategyjsonsyntax.h model/strategyjsonsyntax.cpp
  model/strategyvalidator.h model/strategyvalidator.cpp model/strategyvariables.cpp
  model/strategytemplates.h model/strategytemplates.cpp
  model/notificationevents.h model/notificationevents.cpp
  model/strategywords.h model/strategywords.cpp
  model/engineoptions.h model/engineoptions.cpp)
