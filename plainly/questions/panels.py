"""Panels of the page editor that Wagtail does not have."""

from wagtail.admin.panels import HelpPanel


class SearchPreviewPanel(HelpPanel):
    """The result a search engine would list for the page, redrawn as the editor types
    (``questions/search-preview.js``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Search result preview")
        kwargs.setdefault("template", "questions/admin/search_preview.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        @property
        def parent_address(self) -> str:
            """The address the page's own is made from: its parent's (a new page has no
            parent of its own yet, only the form's)."""
            parent = getattr(self.form, "parent_page", None)
            if parent is None and self.instance.pk:
                parent = self.instance.get_parent()
            return (parent and parent.full_url) or ""
