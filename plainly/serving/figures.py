"""What the site holds, as each app counts it, for /metrics to report at every scrape.

Apps add their figures when they are ready. This module imports nothing of prometheus_client,
which a process must not load before ``plainly serve`` has said where its worker processes share
their figures: apps are ready before that.
"""

# (metric name, help, a function that counts)
FIGURES: list[tuple[str, str, object]] = []


def count_for_scrapes(name: str, help_text: str, count) -> None:
    """Report ``count()`` as the gauge ``name`` at every scrape."""
    if name not in {figure[0] for figure in FIGURES}:
        FIGURES.append((name, help_text, count))


def queued_tasks() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY").count()


count_for_scrapes(
    "plainly_tasks_queued", "Background tasks (mostly mail) waiting to run.", queued_tasks
)
