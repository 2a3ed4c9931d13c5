"""Hotline API: routes are added by the hotline app's modules; see docs in each."""

from ninja import Router

router = Router(tags=["hotline"])
