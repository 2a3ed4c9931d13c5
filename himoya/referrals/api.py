"""Referrals API: routes are added by the referrals app's modules; see docs in each."""

from ninja import Router

router = Router(tags=["referrals"])
