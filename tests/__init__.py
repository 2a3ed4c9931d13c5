"""Tests that walk every app: every page and API operation as every kind of user (the
access walk, the no-leak walk, the call walk, the read-audit walk), the API as a whole
(schemathesis, no-store answers, idempotent creation). Each app's own tests stay in
himoya/<app>/tests/, with its factories in factories.py."""
