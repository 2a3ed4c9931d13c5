"""One term per concept: the catalogs use the words of docs/glossary.md.

For every concept of the glossary's table, an entry of a Tajik or Russian catalog whose
English text names the concept (the English column, singular or plural) must not use a
word that the table forbids for that language (word beginnings, case-insensitive).
"""

import re
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGS = sorted((ROOT / "himoya").glob("*/locale/*/LC_MESSAGES/django.po"))
COLUMNS = ("concept", "tg", "ru", "en", "not_tg", "not_ru", "note")


def glossary() -> list[dict]:
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or set(line) <= {"|", "-", " "}:
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == "Concept":
            continue
        row = dict(zip(COLUMNS, cells, strict=True))
        for key in ("not_tg", "not_ru", "en"):
            row[key] = [word.strip() for word in row[key].split(",") if word.strip() not in "—"]
        rows.append(row)
    return rows


def catalog_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, all msgstr text) of each entry; obsolete (#~) entries are skipped."""
    entries, current, key = [], {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if match:
            key = match.group(1)
            if key in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in current):
                entries.append(current)
                current = {}
            current[key] = match.group(2)
        elif (more := re.match(r'^"(.*)"$', line)) and key:
            current[key] += more.group(1)
    if current:
        entries.append(current)
    return [
        (
            entry.get("msgid", "") + " " + entry.get("msgid_plural", ""),
            " ".join(value for name, value in entry.items() if name.startswith("msgstr")),
        )
        for entry in entries
        if entry.get("msgid")
    ]


def english_pattern(terms: list[str]) -> re.Pattern:
    words = "|".join(re.escape(term) for term in terms)
    return re.compile(rf"(?<![\w-])(?:{words})(?:s|es)?(?![\w-])", re.IGNORECASE)


def forbidden_pattern(words: list[str]) -> re.Pattern | None:
    if not words:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(word) for word in words)})", re.IGNORECASE)


def violations() -> list[str]:
    found = []
    concepts = glossary()
    for path in CATALOGS:
        language = path.parts[-3]
        if language not in ("tg", "ru"):
            continue
        entries = catalog_entries(path)
        for concept in concepts:
            forbidden = forbidden_pattern(concept[f"not_{language}"])
            if forbidden is None:
                continue
            names_it = english_pattern(concept["en"])
            for msgid, msgstr in entries:
                if names_it.search(msgid) and (word := forbidden.search(msgstr)):
                    found.append(
                        f"{path.relative_to(ROOT)}: {concept['concept']!r} is "
                        f"{concept[language]!r}, not {word.group(0)!r}: {msgid[:70]!r}"
                    )
    return found


class GlossaryTests(SimpleTestCase):
    def test_the_glossary_reads(self):
        concepts = {row["concept"]: row for row in glossary()}
        for name in ("client", "referral", "service", "caseworker", "legal aid", "hearing"):
            self.assertIn(name, concepts)
        self.assertEqual(concepts["client"]["tg"], "мизоҷ")
        self.assertIn("муштарӣ", concepts["client"]["not_tg"])
        self.assertIn("хидмат", concepts["service"]["not_tg"])
        self.assertIn("равонкун", concepts["referral"]["not_tg"])

    def test_the_check_finds_a_forbidden_word(self):
        # The same matching as the catalogs get, on a made-up entry.
        client = next(row for row in glossary() if row["concept"] == "client")
        self.assertTrue(english_pattern(client["en"]).search("Find a returning client"))
        self.assertTrue(english_pattern(client["en"]).search("Clients"))
        self.assertFalse(english_pattern(client["en"]).search("clientele"))
        self.assertTrue(forbidden_pattern(client["not_tg"]).search("Маълумоти муштарӣ"))
        self.assertFalse(forbidden_pattern(client["not_tg"]).search("Маълумоти мизоҷ"))
        self.assertFalse(forbidden_pattern(client["not_tg"]).search("хонаи муштарак"))

    def test_the_catalogs_use_the_glossary_terms(self):
        self.assertTrue(CATALOGS)
        found = violations()
        self.assertEqual(found, [], "\n" + "\n".join(found))
