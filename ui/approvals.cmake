# ui/governance.cmake: the acting user, the Approvals area (requests, detail, decisions), the audit
# log view and the approval status shown for the open strategy.
target_sources(lw_ui PRIVATE
  shell/actinguser.h shell/actinguser.cpp
  approvals/approvalqueue.h approvals/approvalqueue.cpp
  approvals/approvalstatuslabel.h approvals/approvalstatuslabel.cpp
  approvals/approvaldetail.h approvals/approvaldetail.cpp
  approvals/approvalsarea.h approvals/approvalsarea.cpp
  approvals/preferencesdialog.h approvals/preferencesdialog.cpp
  approvals/auditlogmodel.h approvals/auditlogmodel.cpp
  approvals/auditexport.h approvals/auditexport.cpp
  approvals/auditarea.h approvals/auditarea.cpp
  approvals/usersdialog.h approvals/usersdialog.cpp)
