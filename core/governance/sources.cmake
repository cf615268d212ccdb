# core/governance: the approval policy, signed approvals and the run gate, trust on first use of a
# workspace, and the approval requests raised when a revision that needs sign-off is saved.
target_sources(lw_governance PRIVATE
  governance/policy.h governance/policy.cpp
  governance/approvals.h governance/approvals.cpp
  governance/approvalgate.h governance/approvalgate.cpp
  governance/approvalrequests.h governance/approvalrequests.cpp
  governance/signoffrequest.h governance/signoffrequest.cpp
  governance/workspacetrust.h governance/workspacetrust.cpp)
