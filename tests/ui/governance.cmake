# tests/ui/governance.cmake: the Approvals area (users and keys made by the real CLI) and the audit
# log view (tampering with a second connection, export checked with `loadwright audit verify`).
lw_add_test(tst_approvalsarea SOURCES tst_approvalsarea.cpp widgettestutil.h LIBS lw_ui TIMEOUT 90)
add_dependencies(tst_approvalsarea loadwright)
lw_add_test(tst_auditview SOURCES tst_auditview.cpp widgettestutil.h LIBS lw_ui TIMEOUT 60)
add_dependencies(tst_auditview loadwright)
