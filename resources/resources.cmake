# Resources compiled into lw_core (qt_add_resources(lw_core ...)): sample strategies.
