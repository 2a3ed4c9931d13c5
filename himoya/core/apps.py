from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "himoya.core"
    label = "core"

    def ready(self):
        from himoya.core.text import install_form_hook

        install_form_hook()
