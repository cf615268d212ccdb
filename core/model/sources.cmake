# core/model: the strategy model, JSON I/O, validation, templates.
target_sources(lw_core PRIVATE
  model/strategy.h model/strategy.cpp model/strategytext.cpp
  model/strategyjson.h
  model/strategyvalidator.h
  model/strategytemplates.h)
