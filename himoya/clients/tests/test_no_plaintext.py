"""The raw database holds no identifying plaintext: every column of every table is read."""

from django.db import connection

from himoya.clients.tests.records import SECRETS, full_case, searchable_secrets
from himoya.testing import HimoyaTestCase


def every_raw_value():
    """(table, column, text) for every non-empty value in the database, as stored."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (introspected names)
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    if isinstance(value, (bytes, memoryview)):
                        text = bytes(value).decode("utf-8", "replace")
                    else:
                        text = str(value)
                    yield table, column, text


class NoPlaintextAtRestTests(HimoyaTestCase):
    def test_no_identifying_text_is_stored_in_clear(self):
        full_case(self)
        full_case(self, child=True)
        values = list(every_raw_value())
        # The scan really read the encrypted columns (and found them encrypted).
        stored_names = [
            text for table, column, text in values if table == "clients_client" and column == "name"
        ]
        self.assertEqual(len(stored_names), 2)
        self.assertTrue(all(text.startswith("hmy1:") for text in stored_names))
        needles = searchable_secrets()
        # Parts too: a name split into words, a phone without spaces.
        needles += SECRETS["name"].split() + [SECRETS["phone"].replace(" ", "")]
        leaks = [
            (table, column, needle)
            for table, column, text in values
            for needle in needles
            if needle.casefold() in text.casefold()
        ]
        self.assertEqual(leaks, [])
