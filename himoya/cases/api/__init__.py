"""JSON API of case management, mounted at /api/cases/: one module per resource (the
case, intake, search, its client and consents, risk and safety plan, plan, services
delivered, follow-ups, notes, attachments), each with its own shapes and its reads and
writes together; `common` holds the router they all register on and the shared checks,
`schemas` the building blocks of their shapes.

Every operation goes through himoya.cases.access, writes through the named service
functions (himoya.cases.services), and audits every read of identifiable data. Operation
ids are written out: clients generated from the OpenAPI document name operations by
them, so moving an operation between modules must not change them.
"""

from himoya.cases.api import (  # noqa: F401  (imported to register their operations)
    attachments,
    case,
    client,
    consents,
    follow_ups,
    intake,
    notes,
    plan,
    risk,
    search,
    service_deliveries,
)
from himoya.cases.api.common import router

__all__ = ["router"]
