"""Static files are named by their content, so browsers may keep them for good: a page always
links the version collectstatic last wrote, and a file that was never collected breaks no page.
Their compressed copies are made once, not at each start of the server."""

import gzip
import json
import shutil
from pathlib import Path

import brotli
from django.core.files.base import ContentFile

from plainly.backends.storage import StaticFilesStorage
from plainly.testing.installations import installation


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


def compressed_copies(storage: StaticFilesStorage, name: str) -> dict[str, Path]:
    hashed = Path(storage.path(storage.stored_name(name)))
    return {suffix: hashed.with_name(hashed.name + suffix) for suffix in (".br", ".gz")}


def test_compressed_copies_are_made_again_only_when_they_no_longer_match(tmp_path, monkeypatch):
    packed = []
    monkeypatch.setattr(
        brotli, "compress", lambda data, pack=brotli.compress: packed.append(data) or pack(data)
    )
    storage = StaticFilesStorage(location=str(tmp_path), base_url="/static/")
    script = b"".join(b"function step%d() { return %d; }\n" % (n, n) for n in range(500))
    collect(storage, "app.js", script)
    copies = compressed_copies(storage, "app.js")
    assert len(packed) == 2  # app.js and its hashed name

    collect(storage, "app.js", script)  # a restart: nothing changed

    assert len(packed) == 2, "compressed again"
    assert brotli.decompress(copies[".br"].read_bytes()) == script
    assert gzip.decompress(copies[".gz"].read_bytes()) == script

    copies[".br"].write_bytes(copies[".br"].read_bytes()[:40])  # cut short, say by a full disk
    collect(storage, "app.js", script)

    assert brotli.decompress(copies[".br"].read_bytes()) == script
    assert not list(tmp_path.glob(".compressing-*"))

    changed = script + b"function last() { return 0; }\n"
    collect(storage, "app.js", changed)

    for unpack, suffix in ((brotli.decompress, ".br"), (gzip.decompress, ".gz")):
        assert unpack(compressed_copies(storage, "app.js")[suffix].read_bytes()) == changed
        # The unhashed name is collected and compressed too, and follows the new content.
        assert unpack((tmp_path / f"app.js{suffix}").read_bytes()) == changed


def test_compressed_copies_are_as_readable_as_their_file(tmp_path):
    storage = StaticFilesStorage(location=str(tmp_path), base_url="/static/")
    collect(storage, "app.css", b"body { margin: 0 }\n" * 200)
    hashed = Path(storage.path(storage.stored_name("app.css")))

    for suffix in (".br", ".gz"):
        copy = hashed.with_name(hashed.name + suffix)
        assert copy.stat().st_mode == hashed.stat().st_mode, suffix


SERVING_PROCESS = """
from django.core.files.storage import storages
from plainly.management.commands.serve import collect_static_files
storage = storages["staticfiles"]  # read, as at every start, before collecting
collect_static_files()
print(storage.url("wagtailadmin/css/core.css"))
"""


def test_the_server_links_the_files_it_collected_at_its_start(tmp_path, collected_static):
    site = installation(tmp_path, f"sqlite:///{tmp_path / 'site.sqlite3'}")
    # Collected before, all but the manifest: as on a first start, this process finds none.
    shutil.copytree(collected_static, tmp_path / "static")
    (tmp_path / "static" / "staticfiles.json").unlink()

    shown = site.plainly("shell", "--no-imports", "-c", SERVING_PROCESS, timeout=300)

    url = shown.stdout.strip().splitlines()[-1]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert url == "/static/" + manifest["paths"]["wagtailadmin/css/core.css"]
    assert (tmp_path / url.removeprefix("/")).is_file()
