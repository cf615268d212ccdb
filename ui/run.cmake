# ui/run.cmake: live run dashboard
