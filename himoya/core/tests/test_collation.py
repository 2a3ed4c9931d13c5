"""Alphabetical order of names (himoya.core.collation) with real district names."""

import csv
from pathlib import Path

from django.test import SimpleTestCase
from django.utils import translation

from himoya.core.collation import sort_key, sorted_by_name

DIVISIONS = Path(__file__).resolve().parents[2] / "geo" / "data" / "divisions.csv"


def khatlon(column: str) -> list[str]:
    with DIVISIONS.open(encoding="utf-8") as rows:
        return [row[column] for row in csv.DictReader(rows) if row["region_code"] == "TJ-KT"]


def ordered(names, language):
    return sorted(names, key=lambda name: sort_key(name, language))


class TajikOrderTests(SimpleTestCase):
    def test_the_tajik_alphabet_in_order(self):
        alphabet = [
            "А",
            "Б",
            "В",
            "Г",
            "Ғ",
            "Д",
            "Е",
            "Ё",
            "Ж",
            "З",
            "И",
            "Ӣ",
            "Й",
            "К",
            "Қ",
            "Л",
            "М",
            "Н",
            "О",
            "П",
            "Р",
            "С",
            "Т",
            "У",
            "Ӯ",
            "Ф",
            "Х",
            "Ҳ",
            "Ч",
            "Ҷ",
            "Ш",
            "Ъ",
            "Э",
            "Ю",
            "Я",
        ]
        shuffled = sorted(alphabet)  # code-point order: Ё first, Ғ Қ Ӣ Ӯ Ҳ Ҷ last
        self.assertNotEqual(shuffled, alphabet)
        self.assertEqual(ordered(shuffled, "tg"), alphabet)

    def test_khatlon_districts_in_tajik(self):
        names = ordered(khatlon("name_tg"), "tg")
        self.assertNotEqual(names[0], "Ёвон")
        self.assertLess(names.index("Данғара"), names.index("Ёвон"))
        self.assertLess(names.index("Ёвон"), names.index("Кӯлоб"))
        # Қ after К, before Л; Ҷ after Ч (Ч is absent here) and before Ш; Ҳ after Х.
        self.assertLess(names.index("Кӯшониён"), names.index("Қубодиён"))
        self.assertLess(names.index("Қубодиён"), names.index("Левакант"))
        self.assertLess(names.index("Хуросон"), names.index("Ҷайҳун"))
        self.assertLess(names.index("Ҷалолиддини Балхӣ"), names.index("Шамсиддин Шоҳин"))
        self.assertEqual(names[-1], "Шаҳритус")
        self.assertEqual(names[0], "Абдураҳмони Ҷомӣ")

    def test_letters_inside_a_word(self):
        # Ҳ sorts after Х and before Ч inside a word too; Ӣ after И, Ӯ after У.
        self.assertEqual(
            ordered(["Ҳисор", "Чорбоғ", "Хуҷанд"], "tg"), ["Хуҷанд", "Ҳисор", "Чорбоғ"]
        )
        self.assertEqual(ordered(["Шаҳр", "Шаҷ", "Шах"], "tg"), ["Шах", "Шаҳр", "Шаҷ"])
        self.assertEqual(ordered(["Ӣ", "Й", "И"], "tg"), ["И", "Ӣ", "Й"])
        self.assertEqual(ordered(["Ф", "Ӯ", "У"], "tg"), ["У", "Ӯ", "Ф"])
        self.assertEqual(ordered(["Л", "Қ", "К"], "tg"), ["К", "Қ", "Л"])
        self.assertEqual(ordered(["Д", "Ғ", "Г"], "tg"), ["Г", "Ғ", "Д"])


class RussianAndEnglishOrderTests(SimpleTestCase):
    def test_khatlon_districts_in_russian(self):
        names = ordered(khatlon("name_ru"), "ru")
        self.assertEqual(names[0], "Абдурахмони Джоми")
        self.assertEqual(names[-1], "Яван")
        self.assertLess(names.index("Дангара"), names.index("Джайхун"))
        self.assertEqual(ordered(["Ж", "Ё", "Е"], "ru"), ["Е", "Ё", "Ж"])
        self.assertEqual(ordered(["Ёлка", "Ель", "Ежи"], "ru"), ["Ежи", "Ель", "Ёлка"])

    def test_khatlon_districts_in_english(self):
        names = ordered(khatlon("name_en"), "en")
        self.assertEqual(names, sorted(names, key=str.lower))
        self.assertEqual(names[0], "Abdurahmoni Jomi")
        self.assertEqual(names[-1], "Yovon")

    def test_latin_and_cyrillic(self):
        # Each language puts its own script first.
        self.assertEqual(ordered(["Zebra", "Арк"], "tg"), ["Арк", "Zebra"])
        self.assertEqual(ordered(["Zebra", "Арк"], "ru"), ["Арк", "Zebra"])
        self.assertEqual(ordered(["Арк", "Zebra"], "en"), ["Zebra", "Арк"])


class TotalOrderTests(SimpleTestCase):
    def test_case_then_accents_break_ties_and_the_order_is_total(self):
        names = ["b", "A", "a", "é", "e", "Ab", "a b", "a-b"]
        first = ordered(names, "en")
        self.assertEqual(first, ordered(list(reversed(names)), "en"))
        self.assertLess(first.index("a"), first.index("A"))
        self.assertLess(first.index("e"), first.index("é"))
        self.assertEqual(first.index("é"), first.index("e") + 1)  # with e, after b
        self.assertEqual(len({sort_key(name, "en") for name in names}), len(names))
        # A space sorts before any letter: "a b" before "Ab".
        self.assertLess(first.index("a b"), first.index("Ab"))

    def test_digits_before_letters_and_empty_first(self):
        self.assertEqual(ordered(["Б", "2", "", "А"], "tg"), ["", "2", "А", "Б"])

    def test_sorted_by_name_follows_the_active_language(self):
        class Named:
            def __init__(self, name):
                self.name = name

        items = [Named("Ҷ"), Named("Ч"), Named("Ш")]
        with translation.override("tg"):
            self.assertEqual([item.name for item in sorted_by_name(items)], ["Ч", "Ҷ", "Ш"])
        pairs = [("Қ", "b"), ("К", "z"), ("Қ", "a")]
        self.assertEqual(
            sorted_by_name(pairs, key=lambda pair: pair, language="tg"),
            [("К", "z"), ("Қ", "a"), ("Қ", "b")],
        )
