"""`make bench` (`python -m himoya.bench`): server-side timings of the directory, of case
management, and of referrals and the hotline, at scale.

- __main__.py: the command line; one child process per database (SQLite file
  var/bench.sqlite3, and PostgreSQL database himoya_bench when the server answers);
- fill/: filling the bench database with synthetic rows, reused by later runs
  (directory.py: 5,000 services; cases.py: 100,000 cases; referrals.py: 300,000
  referrals and 200,000 hotline calls);
- measure.py: the measured requests, through Django's full request stack;
- report.py: the table of median and 95th percentile per page against the targets.
"""
