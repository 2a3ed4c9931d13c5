from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and `load_demo`; no models: every demo record lives in its own app's
    tables, marked is_demo."""

    name = "himoya.demo"
    label = "demo"
