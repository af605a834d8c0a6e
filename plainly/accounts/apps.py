from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "plainly.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from plainly.accounts.models import User
        from plainly.serving import figures

        figures.count_for_scrapes("plainly_members", "Member accounts.", User.objects.count)
