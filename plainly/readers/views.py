"""The admin's reports of what readers do: the questions they read most."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from plainly.readers.insights import PERIODS, most_read_questions

# Rows in the report: past these, a site's long tail is read too little to act on.
REPORTED = 100


def sees_reports(user) -> bool:
    """Reads are counts of pages anyone may read: whoever works in the admin may see them."""
    return user.has_perm("wagtailadmin.access_admin")


WHEN = {"day": "today", "week": "in the last 7 days", "month": "in the last 30 days"}


class Period(forms.Form):
    period = forms.ChoiceField(
        choices=[(key, when.capitalize()) for key, when in WHEN.items()],
        required=False,
        initial="week",
        label="Read in",
    )


def most_read_report(request):
    """The questions read most today, this week or this month, with their reads."""
    if not sees_reports(request.user):
        raise PermissionDenied
    period = Period(request.GET or None)
    chosen = (period.is_valid() and period.cleaned_data["period"]) or "week"
    reads = most_read_questions(PERIODS[chosen], limit=REPORTED)
    return render(
        request,
        "readers/admin/most_read.html",
        {"reads": reads, "period": period, "when": WHEN[chosen]},
    )
