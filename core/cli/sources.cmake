# target_sources(lw_core PRIVATE ...) for core/cli: the command-line commands
