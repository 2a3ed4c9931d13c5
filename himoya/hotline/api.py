"""JSON API of the hotline call log, mounted at /api/hotline/.

The calls (api_calls) and what is done from a call and the statistics (api_actions)
register on the one router of api_common, exposed here once they are imported.
"""

from himoya.hotline import api_actions, api_calls  # noqa: F401  (register their operations)
from himoya.hotline.api_common import router

__all__ = ["router"]
