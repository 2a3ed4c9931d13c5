"""JSON API of referrals, mounted at /api/referrals/, and a hotline caller's referral,
mounted at /api/hotline/ (calls.router).

The lists (lists), one referral and its steps (detail) and a case's referrals (cases)
register on the one router of common, which this package exposes once they are
imported. Every operation goes through himoya.referrals.access (and himoya.cases.access
for a case, himoya.hotline.access for a call), writes through himoya.referrals.services,
and audits every read of shared data.
"""

from himoya.referrals.api import cases, detail, lists  # noqa: F401  (register their operations)
from himoya.referrals.api.common import router

__all__ = ["router"]
