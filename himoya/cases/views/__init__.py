"""Case pages, one module per resource: the case list, intake, search, my work, the case
page with the writes to the case, its client and consents, and its sections (risk and
safety plan, plan, services delivered, follow-ups, notes, attachments). `common` and
`sections` hold what the pages share.

Every page fetches its case through himoya.cases.access and writes through the named
service functions (himoya.cases.services); every read of identifiable data is audited.
"""
