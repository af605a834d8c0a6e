"""Static files are named by their content, so browsers may keep them for good: a page always
links the version collectstatic last wrote, and a file that was never collected breaks no page."""

from django.core.files.base import ContentFile

from plainly.storage import StaticFilesStorage


def collect(storage: StaticFilesStorage, name: str, content: bytes) -> None:
    """What collectstatic does for one file: copy it in, then hash it and write the manifest."""
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(content))
    list(storage.post_process({name: (storage, name)}))


def test_a_page_links_the_version_collectstatic_last_wrote(tmp_path):
    storage = StaticFilesStorage(location=str(tmp_path), base_url="/static/")
    collect(storage, "site.css", b"body { color: black }")
    first = storage.url("site.css")
    assert storage.url("site.css") == first

    collect(storage, "site.css", b"body { color: navy }")

    second = storage.url("site.css")
    assert first.startswith("/static/site.") and first.endswith(".css")
    assert second.startswith("/static/site.") and second != first
    # A new process reads the same from the manifest.
    assert StaticFilesStorage(location=str(tmp_path), base_url="/static/").url("site.css") == second


def test_a_file_never_collected_keeps_its_plain_name(tmp_path):
    storage = StaticFilesStorage(location=str(tmp_path), base_url="/static/")

    assert storage.url("forgotten.js") == "/static/forgotten.js"
