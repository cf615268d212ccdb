# core/storage: the SQLite workspace.
target_sources(lw_storage PRIVATE
  storage/workspace.h storage/workspace_p.h storage/workspace.cpp storage/workspacestrategies.cpp
  storage/workspacefile.h storage/workspacefile.cpp
  storage/workspaceobserver.h
  storage/migrations.h storage/migrations.cpp
  storage/sqlutil.h storage/sqlutil.cpp
  storage/accountname.h storage/accountname.cpp)
include(storage/runs.cmake)  # runs: intervals, resources, events, verdicts
