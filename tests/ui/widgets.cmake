# lw_add_test(...) for the widget suites
