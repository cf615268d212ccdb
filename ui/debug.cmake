# ui/debug: "Send one iteration" in the designer: the debug panel, its results tree model and the
# session that runs a debug run's controller in a worker thread.
target_sources(lw_ui PRIVATE
  debug/debugresultsmodel.h debug/debugresultsmodel.cpp
  debug/debugsession.h debug/debugsession.cpp
  debug/debugpanel.h debug/debugpanel.cpp)
