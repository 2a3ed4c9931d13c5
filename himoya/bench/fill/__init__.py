"""Filling the bench database with synthetic rows: directory.py, then cases.py, then
referrals.py (which refers from the bench cases). Each tops the data up to the requested
numbers and otherwise reuses what an earlier run made."""
