from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "plainly.accounts"
    label = "accounts"
    verbose_name = "Accounts"
