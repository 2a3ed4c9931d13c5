from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "himoya.hotline"
    label = "hotline"

    def ready(self):
        from himoya.core.retention import RetentionTask, register_retention_task
        from himoya.hotline.retention import forget_old_call_details

        register_retention_task(RetentionTask("hotline.calls", forget_old_call_details))
