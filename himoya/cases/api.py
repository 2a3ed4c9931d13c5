"""JSON API of case management, mounted at /api/cases/.

Each concern keeps its own module (api_case, api_sections, api_attachments,
api_incidents, api_consents); this router only gathers them. Every operation goes
through himoya.cases.access, writes through the named service functions, and audits
every read of identifiable data.
"""

from ninja import Router

from himoya.cases.api_attachments import router as attachments_router
from himoya.cases.api_case import router as case_router
from himoya.cases.api_case_write import router as case_write_router
from himoya.cases.api_consents import router as consents_router
from himoya.cases.api_incidents import router as incidents_router
from himoya.cases.api_sections import router as sections_router
from himoya.cases.api_sections_write import router as sections_write_router

router = Router(tags=["cases"])
for part in (
    case_router,
    case_write_router,
    consents_router,
    incidents_router,
    sections_router,
    sections_write_router,
    attachments_router,
):
    router.add_router("", part)
