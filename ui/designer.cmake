# target_sources(lw_ui PRIVATE ...) for the designer area
