"""The demo directory, built from the seed document (a 2022 study tour of state lawyers and
advocates from Sughd to Dushanbe and Yovon): the organisations with their services and
locations, and the state legal aid, the Legal Aid Center's district offices.

Real phone numbers and addresses are unknown, so every number is a plainly fictitious
"+992 00 000 00 NN" and every address says it is a demo address. The hotline 1313 is the
real, public number. Every record is marked is_demo. himoya.demo.directory loads them.
"""

from himoya.directory.models import OrganisationKind, ServiceType

# Districts served, three-language text, fictitious contacts.

DUSHANBE = ["firdavsi", "ismoili-somoni", "shohmansur", "sino"]
NEAR_DUSHANBE = ["rudaki", "hisor", "vahdat", "varzob"]
EVERYWHERE = "*"  # every district of Tajikistan


def t(tg: str, ru: str, en: str) -> dict:
    return {"tg": tg, "ru": ru, "en": en}


def demo_phone(n: int) -> str:
    return f"+992 00 000 00 {n:02d}"


def demo_address(n: int, city: dict) -> dict:
    return t(
        f"кӯчаи Намуна, {n}, {city['tg']} (суроғаи намунавӣ)",
        f"ул. Примерная, {n}, {city['ru']} (демо-адрес)",
        f"{n} Example Street, {city['en']} (demo address)",
    )


WEEKDAYS = t("Душанбе–Ҷумъа, 8:00–17:00", "Пн–Пт, 8:00–17:00", "Mon–Fri, 8:00–17:00")
ID_PAPERS = t(
    "Шиноснома ё корти шахсӣ, агар бошад, ва ҳуҷҷатҳои марбут ба мушкилотатон. "
    "Агар ҳуҷҷат надошта бошед ҳам, биёед.",
    "Паспорт или удостоверение личности, если есть, и бумаги, связанные с вашим делом. "
    "Приходите, даже если документов нет.",
    "Your passport or ID card if you have it, and any papers about your problem. "
    "Come even if you have no documents.",
)
NOTHING_NEEDED = t(
    "Ҳеҷ чиз лозим нест. Метавонед бе ҳуҷҷат биёед.",
    "Ничего не нужно. Можно прийти без документов.",
    "Nothing is needed. You can come without documents.",
)


ORGANISATIONS = [
    {
        "slug": "legal-aid-center",
        "kind": OrganisationKind.GOVERNMENT,
        "district": "shohmansur",
        "name": t(
            "Маркази кӯмаки ҳуқуқии Ҷумҳурии Тоҷикистон",
            "Центр правовой помощи Республики Таджикистан",
            "Legal Aid Center of the Republic of Tajikistan",
        ),
        "description": t(
            "Муассисаи давлатӣ, ки шабакаи идораҳои кӯмаки ройгони ҳуқуқиро дар ноҳияҳо "
            "роҳбарӣ мекунад.",
            "Государственное учреждение, руководящее сетью районных офисов бесплатной "
            "правовой помощи.",
            "The government body that runs the network of district offices giving free legal aid.",
        ),
        "phone": 10,
        "location": t("Дафтари марказӣ", "Центральный офис", "Head office"),
        "services": [],
    },
    {
        "slug": "korvoni-umed",
        "kind": OrganisationKind.CRISIS_CENTRE,
        "district": "firdavsi",
        "name": t(
            "Маркази бӯҳронии «Корвони Умед»",
            "Кризисный центр «Корвони Умед»",
            "Korvoni Umed crisis centre",
        ),
        "description": t(
            "Ташкилоти ҷамъиятӣ, ки солҳост ба занони ҷабрдидаи зӯроварии хонаводагӣ кӯмаки "
            "ҳуқуқӣ ва равонӣ мерасонад. Паноҳгоҳи муваққатӣ ва қаҳвахонаи иҷтимоии «Чатр» "
            "дорад.",
            "Общественная организация, которая много лет оказывает правовую и психологическую "
            "помощь женщинам, пострадавшим от домашнего насилия. Имеет временный приют и "
            "социальное кафе «Чатр».",
            "A non-governmental organisation that has for many years given legal and "
            "psychological help to women survivors of domestic violence. It runs a temporary "
            "shelter and the social café “Chatr”.",
        ),
        "phone": 20,
        "location": t("Маркази бӯҳронӣ", "Кризисный центр", "Crisis centre"),
        "extra_locations": {
            "shelter": (
                t("Паноҳгоҳи муваққатӣ", "Временный приют", "Temporary shelter"),
                "sino",
                True,
            ),
            "cafe": (
                t("Қаҳвахонаи иҷтимоии «Чатр»", "Социальное кафе «Чатр»", "Social café “Chatr”"),
                "firdavsi",
                False,
            ),
        },
        "services": [
            {
                "service_type": ServiceType.CRISIS_COUNSELLING,
                "name": t(
                    "Машварати бӯҳронӣ барои занон",
                    "Кризисное консультирование для женщин",
                    "Crisis counselling for women",
                ),
                "hours": t(
                    "Душанбе–Шанбе, 8:00–18:00",
                    "Пн–Сб, 8:00–18:00",
                    "Mon–Sat, 8:00–18:00",
                ),
                "eligibility": t(
                    "Занону духтароне, ки ба зӯроварӣ дучор шудаанд.",
                    "Женщины и девушки, пострадавшие от насилия.",
                    "Women and girls who have experienced violence.",
                ),
                "what_to_bring": NOTHING_NEEDED,
                "languages": ["tg", "ru"],
                "districts": DUSHANBE + NEAR_DUSHANBE,
                "locations": ["main"],
            },
            {
                "service_type": ServiceType.PSYCHOLOGICAL_SUPPORT,
                "name": t("Дастгирии равонӣ", "Психологическая поддержка", "Psychological support"),
                "hours": WEEKDAYS,
                "eligibility": t(
                    "Занон ва фарзандони онҳо, ки ба зӯроварӣ дучор шудаанд.",
                    "Женщины, пострадавшие от насилия, и их дети.",
                    "Women survivors of violence and their children.",
                ),
                "what_to_bring": NOTHING_NEEDED,
                "languages": ["tg", "ru"],
                "districts": DUSHANBE + NEAR_DUSHANBE,
                "locations": ["main"],
            },
            {
                "service_type": ServiceType.PRIMARY_LEGAL_AID,
                "name": t(
                    "Машварати ҳуқуқӣ барои занон",
                    "Юридические консультации для женщин",
                    "Legal advice for women",
                ),
                "hours": WEEKDAYS,
                "eligibility": t(
                    "Занони ҷабрдидаи зӯроварии хонаводагӣ.",
                    "Женщины, пострадавшие от домашнего насилия.",
                    "Women survivors of domestic violence.",
                ),
                "what_to_bring": ID_PAPERS,
                "languages": ["tg", "ru"],
                "districts": DUSHANBE,
                "locations": ["main"],
            },
            {
                "service_type": ServiceType.TEMPORARY_SHELTER,
                "name": t(
                    "Паноҳгоҳи муваққатӣ барои занон ва кӯдакон",
                    "Временный приют для женщин и детей",
                    "Temporary shelter for women and children",
                ),
                "description": t(
                    "Ҷои бехатар то 3 моҳ, бо хӯрок, дастгирии равонӣ ва ҳуқуқӣ. Суроға махфӣ "
                    "аст: аввал занг занед.",
                    "Безопасное место до 3 месяцев, с питанием, психологической и правовой "
                    "поддержкой. Адрес конфиденциален: сначала позвоните.",
                    "A safe place for up to 3 months, with meals, psychological and legal "
                    "support. The address is confidential: call first.",
                ),
                "hours": t(
                    "Ҳар рӯз, шабонарӯзӣ", "Ежедневно, круглосуточно", "Every day, 24 hours"
                ),
                "eligibility": t(
                    "Занон (бо фарзандон), ки дар хона дар хатаранд.",
                    "Женщины (с детьми), которым опасно оставаться дома.",
                    "Women (with their children) who are not safe at home.",
                ),
                "what_to_bring": t(
                    "Ҳуҷҷатҳо ва доруҳо, агар гирифта тавонед. Бе онҳо ҳам қабул мекунем.",
                    "Документы и лекарства, если можете их взять. Примем и без них.",
                    "Documents and medicines if you can take them. We take you without them too.",
                ),
                "languages": ["tg", "ru"],
                "capacity": 12,
                "districts": DUSHANBE + NEAR_DUSHANBE,
                "locations": ["shelter"],
                "phone": 21,
            },
            {
                "service_type": ServiceType.LIVELIHOOD,
                "name": t(
                    "Қаҳвахонаи иҷтимоии «Чатр»: кор ва омӯзиш",
                    "Социальное кафе «Чатр»: работа и обучение",
                    "Social café “Chatr”: work and training",
                ),
                "description": t(
                    "Занони паноҳгоҳ дар қаҳвахона кор ва касб меомӯзанд; даромади қаҳвахона ба "
                    "маблағгузории худи ташкилот кӯмак мекунад.",
                    "Женщины из приюта работают и обучаются профессии в кафе; доход кафе "
                    "помогает организации обеспечивать себя.",
                    "Women from the shelter work and learn a trade at the café; its income "
                    "helps the organisation pay its own way.",
                ),
                "hours": t("Душанбе–Шанбе, 9:00–20:00", "Пн–Сб, 9:00–20:00", "Mon–Sat, 9:00–20:00"),
                "eligibility": t(
                    "Занони паноҳгоҳ ва онҳое, ки аз паноҳгоҳ баромадаанд.",
                    "Женщины из приюта и вышедшие из него.",
                    "Women staying at or leaving the shelter.",
                ),
                "what_to_bring": ID_PAPERS,
                "languages": ["tg", "ru"],
                "districts": DUSHANBE,
                "locations": ["cafe"],
            },
        ],
    },
    {
        "slug": "yovon-rehabilitation-centre",
        "kind": OrganisationKind.HEALTH,
        "district": "yovon",
        "name": t(
            "Маркази тавонбахшии занони ҷабрдида, беморхонаи марказии ноҳияи Ёвон",
            "Реабилитационный центр для женщин, пострадавших от насилия, при районной "
            "больнице Яванского района",
            "Rehabilitation centre for women survivors of violence, Yovon district hospital",
        ),
        "description": t(
            "Дар назди беморхонаи ноҳиявӣ кор мекунад; ёрии тиббӣ ройгон аст.",
            "Работает при районной больнице; медицинская помощь бесплатна.",
            "Works at the district hospital; medical care is free of charge.",
        ),
        "phone": 30,
        "location": t("Беморхонаи ноҳиявӣ", "Районная больница", "District hospital"),
        "services": [
            {
                "service_type": ServiceType.MEDICAL_CARE,
                "name": t(
                    "Ёрии тиббӣ барои занони ҷабрдида",
                    "Медицинская помощь пострадавшим женщинам",
                    "Medical care for women survivors",
                ),
                "hours": t(
                    "Ҳар рӯз, шабонарӯзӣ (қабули ёрии таъҷилӣ)",
                    "Ежедневно, круглосуточно (приёмный покой)",
                    "Every day, 24 hours (emergency department)",
                ),
                "eligibility": t(
                    "Занону духтароне, ки ба зӯроварӣ дучор шудаанд.",
                    "Женщины и девушки, пострадавшие от насилия.",
                    "Women and girls who have experienced violence.",
                ),
                "what_to_bring": t(
                    "Шиноснома ё шаҳодатномаи таваллуд, агар бошад. Ёрии таъҷилӣ бе ҳуҷҷат ҳам "
                    "расонида мешавад.",
                    "Паспорт или свидетельство о рождении, если есть. Срочная помощь "
                    "оказывается и без документов.",
                    "Passport or birth certificate if you have one. Urgent care is given "
                    "without documents.",
                ),
                "languages": ["tg", "ru", "uz"],
                "districts": ["yovon"],
                "locations": ["main"],
            },
            {
                "service_type": ServiceType.PSYCHOLOGICAL_SUPPORT,
                "name": t(
                    "Машварати равоншинос",
                    "Консультация психолога",
                    "Counselling with a psychologist",
                ),
                "hours": WEEKDAYS,
                "eligibility": t(
                    "Занони ҷабрдида, ки дар марказ табобат мегиранд.",
                    "Пострадавшие женщины, получающие помощь в центре.",
                    "Women survivors treated at the centre.",
                ),
                "what_to_bring": NOTHING_NEEDED,
                "languages": ["tg", "uz"],
                "districts": ["yovon"],
                "locations": ["main"],
            },
        ],
    },
    {
        "slug": "hotline-1313",
        "kind": OrganisationKind.HOTLINE,
        "district": "ismoili-somoni",
        "name": t("Хати боварии 1313", "Телефон доверия 1313", "Hotline 1313"),
        "description": t(
            "Хати ройгон ва беном барои ҳар касе, ки ба зӯроварӣ дучор шудааст.",
            "Бесплатная анонимная линия для всех, кто столкнулся с насилием.",
            "A free, anonymous line for anyone who has experienced violence.",
        ),
        "phone": None,
        "location": None,
        "services": [
            {
                "service_type": ServiceType.HOTLINE_COUNSELLING,
                "name": t(
                    "Машварат тавассути телефон, 1313",
                    "Консультации по телефону, 1313",
                    "Telephone counselling, 1313",
                ),
                "description": t(
                    "Машваратчӣ гӯш медиҳад, дар бораи хизматрасониҳои наздик маълумот медиҳад "
                    "ва бо ризоияти шумо ба онҳо равон мекунад.",
                    "Консультант выслушает, расскажет о ближайших службах и с вашего согласия "
                    "направит к ним.",
                    "A counsellor listens, tells you about services near you and, with your "
                    "consent, refers you to them.",
                ),
                "hours": t(
                    "Ҳар рӯз, шабонарӯзӣ", "Ежедневно, круглосуточно", "Every day, 24 hours"
                ),
                "eligibility": t("Ҳар кас.", "Любой человек.", "Anyone."),
                "what_to_bring": NOTHING_NEEDED,
                "languages": ["tg", "ru", "uz"],
                "districts": EVERYWHERE,
                "phone_number": ("1313", "hotline", True),
            }
        ],
    },
    {
        "slug": "committee-women-family",
        "kind": OrganisationKind.GOVERNMENT,
        "district": "ismoili-somoni",
        "name": t(
            "Кумитаи кор бо занон ва оилаи назди Ҳукумати Ҷумҳурии Тоҷикистон",
            "Комитет по делам женщин и семьи при Правительстве Республики Таджикистан",
            "Committee on Women and Family Affairs under the Government of Tajikistan",
        ),
        "description": t(
            "Фаъолияти мақомоту ташкилотҳоро дар пешгирии зӯроварӣ дар оила ҳамоҳанг мекунад.",
            "Координирует работу органов и организаций по предупреждению насилия в семье.",
            "Coordinates the work of state bodies and organisations on preventing violence "
            "in the family.",
        ),
        "phone": 40,
        "location": t("Дафтари Кумита", "Офис Комитета", "Committee office"),
        "services": [
            {
                "service_type": ServiceType.CASE_COORDINATION,
                "name": t(
                    "Ҳамоҳангсозӣ ва маълумот дар бораи ҳуқуқҳои занон",
                    "Координация и информация о правах женщин",
                    "Coordination and information on women's rights",
                ),
                "hours": WEEKDAYS,
                "eligibility": t(
                    "Шаҳрвандон ва ташкилотҳо.",
                    "Граждане и организации.",
                    "Citizens and organisations.",
                ),
                "what_to_bring": NOTHING_NEEDED,
                "languages": ["tg", "ru"],
                "districts": DUSHANBE,
                "locations": ["main"],
            }
        ],
    },
]

# The state legal aid: the services of every district office, and the offices.

PRIMARY_LEGAL_AID = {
    "service_type": ServiceType.PRIMARY_LEGAL_AID,
    "name": t(
        "Кӯмаки ибтидоии ҳуқуқӣ: машварат ва ҳуҷҷатҳо",
        "Первичная юридическая помощь: консультации и документы",
        "Primary legal aid: advice and documents",
    ),
    "description": t(
        "Адвокати давлатӣ ройгон маслиҳат медиҳад, дар бораи ҳуқуқҳоятон маълумот медиҳад ва "
        "дар тартиб додани ариза ва шикоятҳо кӯмак мекунад.",
        "Государственный юрист бесплатно консультирует, разъясняет ваши права и помогает "
        "составить заявления и жалобы.",
        "A state lawyer gives free advice, explains your rights and helps you draft "
        "applications and complaints.",
    ),
    "hours": WEEKDAYS,
    "eligibility": t(
        "Ҳар як сокини ноҳия. Барои ҳама ройгон.",
        "Любой житель района. Бесплатно для всех.",
        "Anyone living in the district. Free for everyone.",
    ),
    "what_to_bring": ID_PAPERS,
}

SECONDARY_LEGAL_AID = {
    "service_type": ServiceType.SECONDARY_LEGAL_AID,
    "name": t(
        "Кӯмаки дуюмдараҷаи ҳуқуқӣ: адвокат дар суд",
        "Вторичная юридическая помощь: адвокат в суде",
        "Secondary legal aid: an advocate in court",
    ),
    "description": t(
        "Идора шуморо ба адвокат равон мекунад, ки манфиатҳои шуморо дар суд ҳимоя мекунад, "
        "аз ҷумла барои гирифтани ҳукми муҳофизатӣ.",
        "Офис направляет вас к адвокату, который представляет ваши интересы в суде, в том "
        "числе для получения охранного ордера.",
        "The office refers you to an advocate who represents you in court, including to "
        "obtain a protection order.",
    ),
    "hours": WEEKDAYS,
    "eligibility": t(
        "Ҷабрдидагони зӯроварии хонаводагӣ, оилаҳои камбизоат, шахсони дорои маъюбӣ ва дигар "
        "гурӯҳҳое, ки қонун муайян кардааст.",
        "Пострадавшие от домашнего насилия, малообеспеченные, лица с инвалидностью и другие "
        "категории, установленные законом.",
        "Survivors of domestic violence, people on low incomes, persons with disabilities "
        "and others the law entitles to free representation.",
    ),
    "what_to_bring": t(
        "Шиноснома, маълумотнома аз ҷамоат дар бораи даромад (агар бошад) ва ҳамаи ҳуҷҷатҳои суд.",
        "Паспорт, справка о доходах из джамоата (если есть) и все судебные бумаги.",
        "Passport, an income certificate from the jamoat if you have one, and all court papers.",
    ),
}

# slug, district, location jamoat (or None), languages, phone number, served districts.
LEGAL_AID_OFFICES = [
    ("lac-isfara", "isfara", None, ["tg", "ru", "uz", "ky"], 11, ["isfara"]),
    ("lac-khujand", "khujand", None, ["tg", "ru", "uz"], 12, ["khujand"]),
    (
        "lac-bobojon-gafurov",
        "bobojon-gafurov",
        "bobojon-gafurov-haydar-usmonov",
        ["tg", "ru", "uz"],
        13,
        ["bobojon-gafurov"],
    ),
    ("lac-yovon", "yovon", None, ["tg", "ru", "uz"], 14, ["yovon"]),
    ("lac-rudaki", "rudaki", None, ["tg", "ru"], 15, ["rudaki"]),
    ("lac-hisor", "hisor", None, ["tg", "ru", "uz"], 16, ["hisor"]),
    ("lac-dushanbe", "shohmansur", None, ["tg", "ru"], 17, DUSHANBE),
]
