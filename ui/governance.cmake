# ui/governance.cmake: the acting user, the Approvals area (requests, detail, decisions), the audit
# log view and the approval status shown for the open strategy.
target_sources(lw_ui PRIVATE
  actinguser.h actinguser.cpp
  governance/approvalqueue.h governance/approvalqueue.cpp
  governance/approvalstatuslabel.h governance/approvalstatuslabel.cpp
  governance/approvaldetail.h governance/approvaldetail.cpp
  governance/approvalsarea.h governance/approvalsarea.cpp
  governance/preferencesdialog.h governance/preferencesdialog.cpp
  governance/usersdialog.h governance/usersdialog.cpp
  governance/auditlogmodel.h governance/auditlogmodel.cpp
  governance/auditexport.h governance/auditexport.cpp
  governance/auditarea.h governance/auditarea.cpp)
