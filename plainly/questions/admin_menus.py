"""What the apps above share in the admin's menus."""

from wagtail.admin.menu import MenuItem


class ReportMenuItem(MenuItem):
    """A report's entry under Reports, shown to those ``shown_to(user)`` lets see it."""

    def __init__(self, *args, shown_to, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown_to = shown_to

    def is_shown(self, request):
        return self.shown_to(request.user)
