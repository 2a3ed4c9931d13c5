"""JSON API of referrals, mounted at /api/referrals/.

The reads (api_reads) and writes (api_writes) register on the one router of
api_common, which this module exposes once they are imported. Every operation goes
through himoya.referrals.access (and himoya.cases.access for a case), writes through
himoya.referrals.services, and audits every read of shared data.
"""

from himoya.referrals import api_reads, api_writes  # noqa: F401  (register their operations)
from himoya.referrals.api_common import router

__all__ = ["router"]
