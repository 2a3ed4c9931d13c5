"""The demo: `load_demo` and every builder of demo data, at the top of the layers.

One module per kind of demo data, each loaded through the real services where a real
user's action would go through one:

- directory.py (with directory_data.py): organisations, services, locations, phones;
- people.py: the demo users, one per role, and who works where;
- cases.py (with case_data.py): about 200 synthetic cases with their sections;
- calls.py: about 300 calls to the 1313 hotline;
- referrals.py: about 60 referrals in every status, with their notifications;
- synthetic.py: the weighted choice every synthetic-data builder (demo and bench) uses.

Domain apps never import this app: it only imports them.
"""
