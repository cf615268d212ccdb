# core/audit: the trust root and its record: the workspace's users with their registered keys (users.h,
# namespace lw::governance for now), the hash-chained, signed audit trail, and the observer that puts the workspace's own changes
# (strategy saves, settings, run start, safety actions, run end) on it in their transactions.
target_sources(lw_audit PRIVATE
  audit/clock.h
  audit/auditlog.h audit/auditlog.cpp
  audit/workspaceaudit.h audit/workspaceaudit.cpp
  audit/trail.h audit/trail.cpp
  audit/users.h audit/users.cpp)
