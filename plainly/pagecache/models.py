"""Rendered parts of pages kept in the database, where they outlast restarts and evictions."""

from django.db import models


class StoredFragment(models.Model):
    """One durable fragment (``fragments.Fragment(..., durable=True)``): dropped when its path is
    purged, unless the purge named only other parts of the page (a comment leaves the article)."""

    key = models.CharField(max_length=64, unique=True)  # the fragment's digest
    path = models.CharField(max_length=2048, db_index=True)
    part = models.CharField(max_length=40)  # the name's first word: "article"
    rendered_at = models.FloatField()  # a Unix time, as the purge markers are
    value = models.BinaryField()  # zlib-compressed JSON: a question's article is 20 to 80 KB

    def __str__(self) -> str:
        return f"{self.part} of {self.path}"
