# core/storage: the SQLite workspace.
target_sources(lw_core PRIVATE storage/workspace.h)
