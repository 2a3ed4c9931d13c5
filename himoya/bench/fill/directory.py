"""Fills the directory bench: 5,000 synthetic services, five per organisation, each serving
its home district and the next one. A later run reuses them, or makes them all again when
fewer than asked for exist."""

from django.db import transaction

from himoya.directory.models import (
    SECTOR_OF_SERVICE_TYPE,
    Organisation,
    OrganisationKind,
    Service,
    ServiceType,
)
from himoya.geo.models import District

PREFIX = "bench-"
SERVICES_PER_ORGANISATION = 5


def fill_directory(services: int) -> None:
    existing = Service.objects.filter(organisation__slug__startswith=PREFIX).count()
    if existing >= services:
        return
    districts = list(District.objects.all())
    kinds = list(OrganisationKind)
    types = list(ServiceType)
    per_org = SERVICES_PER_ORGANISATION
    with transaction.atomic():
        Organisation.objects.filter(slug__startswith=PREFIX).delete()
        organisations = Organisation.objects.bulk_create(
            Organisation(
                slug=f"{PREFIX}{i}",
                kind=kinds[i % len(kinds)],
                name_tg=f"Ташкилот {i}",
                name_ru=f"Организация {i}",
                name_en=f"Organisation {i}",
                district=districts[i % len(districts)],
                is_demo=True,
            )
            for i in range(services // per_org)
        )
        rows = []
        for org_index, organisation in enumerate(organisations):
            for j in range(per_org):
                service_type = types[(org_index + j) % len(types)]
                rows.append(
                    Service(
                        organisation=organisation,
                        service_type=service_type,
                        sector=SECTOR_OF_SERVICE_TYPE[service_type],
                        name_tg=f"Хизмат {j}",
                        name_ru=f"Услуга {j}",
                        name_en=f"Service {j}",
                        languages=["tg", "ru"],
                        hours_en="Mon-Fri 9:00-17:00",
                        is_demo=True,
                    )
                )
        created = Service.objects.bulk_create(rows, batch_size=1000)
        through = Service.districts_served.through
        links = []
        for index, service in enumerate(created):
            home = districts[index // per_org % len(districts)]
            neighbour = districts[(index // per_org + 1) % len(districts)]
            links.append(through(service_id=service.id, district_id=home.id))
            links.append(through(service_id=service.id, district_id=neighbour.id))
        through.objects.bulk_create(links, batch_size=2000)
