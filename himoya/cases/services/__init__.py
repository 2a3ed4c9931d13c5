"""Named writes to cases, one module per resource.

Each function validates, writes in one transaction (locking the case row, refusing a
closed case or a stale copy) and audits; pages and the API call them after checking
access through himoya.cases.access. `common` holds what every write to a case shares.
"""
