# target_sources(lw_core PRIVATE ...): field-level strategy diff and capacity planning
