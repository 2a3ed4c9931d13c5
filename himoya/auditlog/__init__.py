"""Reading the audit log: its pages (/audit/) and API (/api/audit/), for the platform
superuser and for each organisation's admins and supervisors.

The chain itself (entries, record(), verify) is himoya.audit, low in the layers so that
every app can write to it; reading it needs memberships, so this app sits above accounts.
Its templates keep the names audit/..., its URLs the namespace "audit".
"""
