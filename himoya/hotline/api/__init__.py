"""JSON API of the hotline call log, mounted at /api/hotline/.

The calls (calls) and their statistics (statistics) register their operations on the
router of common, which this package exposes once they are imported. Referring a
caller is the referrals app's router (himoya.referrals.api.calls), mounted on the same
prefix.
"""

from himoya.hotline.api import calls, statistics  # noqa: F401  (register their operations)
from himoya.hotline.api.common import router

__all__ = ["router"]
