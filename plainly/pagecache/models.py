"""What the page cache keeps in the database: rendered parts of pages, which outlast restarts and
evictions, and how often each page is read."""

from django.db import models


class StoredFragment(models.Model):
    """One durable fragment (``fragments.Fragment(..., durable=True)``): dropped when its path is
    purged, unless the purge named only other parts of the page (a comment leaves the article)."""

    key = models.CharField(max_length=64, unique=True)  # the fragment's digest
    path = models.CharField(max_length=2048, db_index=True)
    part = models.CharField(max_length=40)  # the name's first word: "article"
    rendered_at = models.FloatField()  # a Unix time, as the purge markers are
    value = models.BinaryField()  # zlib-compressed JSON: a question's article is 20 to 80 KB

    class Meta:
        # Past store.DURABLE_SECONDS a fragment is never used: dropped by age (``drop_expired``).
        indexes = [models.Index(fields=["rendered_at"], name="pagecache_stored_by_age")]

    def __str__(self) -> str:
        return f"{self.part} of {self.path}"


class PageRead(models.Model):
    """How often a page was read on a day (``reads``): a path, a day and a number, nothing of
    any reader."""

    path = models.CharField(max_length=512)
    day = models.DateField()
    reads = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["path", "day"], name="pagecache_one_count_a_day")
        ]
        indexes = [models.Index(fields=["day", "path"], name="pagecache_reads_by_day")]

    def __str__(self) -> str:
        return f"{self.path} on {self.day}: {self.reads}"
