from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "himoya.directory"
    label = "directory"
