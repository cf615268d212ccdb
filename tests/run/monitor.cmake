# tests/run/monitor.cmake: resource monitoring and prerequisite checks against real things: /proc of
# this machine, busy and sleeping child processes, a real prometheus-node-exporter on a loopback port,
# tiny loopback HTTP responders, shell commands and the local file system.
lw_add_test(tst_procstats SOURCES tst_procstats.cpp LIBS lw_core TIMEOUT 60)
lw_add_test(tst_prometheus SOURCES tst_prometheus.cpp LIBS lw_core TIMEOUT 60)
lw_add_test(tst_resourcemonitor SOURCES tst_resourcemonitor.cpp monitortestutil.h LIBS lw_core Qt6::Network TIMEOUT 90)
lw_add_test(tst_prerequisites SOURCES tst_prerequisites.cpp monitortestutil.h LIBS lw_core Qt6::Network TIMEOUT 90)
