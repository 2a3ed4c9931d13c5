"""JSON API of case management, mounted at /api/cases/.

Each concern keeps its own module (api_case, api_case_write, api_consents,
api_incidents, api_search, api_sections, api_sections_write, api_attachments); they all register
on the one router of api_common, which this module exposes once they are imported.
Every operation goes through himoya.cases.access, writes through the named service
functions, and audits every read of identifiable data.
"""

from himoya.cases import (  # noqa: F401  (imported to register their operations)
    api_attachments,
    api_case,
    api_case_write,
    api_consents,
    api_incidents,
    api_search,
    api_sections,
    api_sections_write,
)
from himoya.cases.api_common import router

__all__ = ["router"]
