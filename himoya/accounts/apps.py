from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "himoya.accounts"
    label = "accounts"
