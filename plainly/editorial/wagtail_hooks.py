"""The checks in the admin: a report under Reports and a panel on the dashboard."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from plainly.editorial.checks import all_findings, stale_facts

PERMISSION = "facts.change_fact"


def fact_checks(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    return render(request, "editorial/admin/fact_checks.html", {"findings": all_findings()})


@hooks.register("register_admin_urls")
def editorial_urls():
    return [path("reports/fact-checks/", fact_checks, name="plainly_fact_checks")]


class FactChecksMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def fact_checks_menu_item():
    return FactChecksMenuItem(
        "Fact checks", reverse("plainly_fact_checks"), icon_name="table", order=700
    )


class FactChecksPanel(Component):
    name = "fact_checks"
    order = 60
    template_name = "editorial/admin/fact_checks_panel.html"

    def __init__(self, findings: int):
        self.findings = findings

    def get_context_data(self, parent_context):
        return {"findings": self.findings}


@hooks.register("construct_homepage_panels")
def add_fact_checks_panel(request, panels):
    # Stale facts only: they are few and quick to find; reading every page for contradictions
    # is the report's work.
    if request.user.has_perm(PERMISSION):
        panels.append(FactChecksPanel(len(stale_facts())))
