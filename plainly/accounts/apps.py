from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "plainly.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from plainly import figures
        from plainly.accounts.models import User

        figures.count_for_scrapes("plainly_members", "Member accounts.", User.objects.count)
