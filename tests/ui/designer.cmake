# lw_add_test(...) for the designer suites
