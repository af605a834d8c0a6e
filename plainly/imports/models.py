"""What an import brought in, remembered by where it came from, so that running it again
updates what changed and duplicates nothing."""

from django.db import models


class ImportedItem(models.Model):
    """One item of another site (a category, a post, a page, a comment) and what it became."""

    source = models.CharField(max_length=300, help_text="The site it came from, e.g. its address.")
    kind = models.CharField(max_length=20)  # topic, question, plain page, comment
    source_id = models.CharField(max_length=500)  # an id, or an old page's address
    object_id = models.PositiveBigIntegerField()
    fingerprint = models.CharField(max_length=64, help_text="A digest of the item as imported.")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "source_id"], name="one_import_per_source_item"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.source_id} of {self.source}"
