"""plainly backup and plainly restore: a round trip gives back the same site, on either engine."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plainly.testing.installations import DemoSite, demo_copy

ADD_IMAGE_AND_COMMENT = """
import io
from django.core.files.images import ImageFile
from PIL import Image as Picture
from wagtail.images.models import Image
from plainly.discussion.models import Comment
from plainly.discussion import markup
from plainly.questions.models import QuestionPage

buffer = io.BytesIO()
Picture.new("RGB", (40, 30), (200, 80, 20)).save(buffer, "PNG")
Image.objects.create(title="Map of the DMZ", file=ImageFile(buffer, name="dmz.png"))
page = QuestionPage.objects.live().first()
words = "Kept in the backup."
Comment.objects.create(page=page, body=words, body_html=markup.render(words),
                       author_name="Rita", author_email="rita@example.org", state="approved")
"""

SUMMARY = """
import hashlib, json
from pathlib import Path
from django.conf import settings
from wagtail.images.models import Image
from wagtail.models import Page, Revision
from plainly.accounts.models import User
from plainly.discussion.models import Comment

root = Path(settings.MEDIA_ROOT)
print(json.dumps({
    "pages": sorted([p.url_path, p.title, p.live] for p in Page.objects.all()),
    "revisions": sorted([r.object_id, r.created_at.isoformat()] for r in Revision.objects.all()),
    "comments": sorted([c.body, c.state, c.author_name, c.page_id] for c in Comment.objects.all()),
    "members": sorted([u.email, u.display_name, u.password] for u in User.objects.all()),
    "images": sorted(image.file.name for image in Image.objects.all()),
    "media": sorted([str(f.relative_to(root)), hashlib.sha256(f.read_bytes()).hexdigest()]
                    for f in root.rglob("*") if f.is_file()),
}, default=str))
"""


class Site:
    """An installation of its own: database, media and cache, driven by the plainly command."""

    def __init__(self, home: Path, demo_made: DemoSite):
        self.home = home
        self.env = {**os.environ, "PLAINLY_VAR_DIR": str(home)}
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.env["PLAINLY_CACHE_URL"] = f"filecache://{home / 'cache'}"
        # Never served: at the address the site has without PLAINLY_BASE_URL.
        self.env["PLAINLY_DATABASE_URL"], self.postgres = demo_copy(
            demo_made, home, "backup", "http://127.0.0.1:8000"
        )

    def plainly(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "plainly", *args],
            env=self.env, capture_output=True, text=True, timeout=300, check=check,
        )  # fmt: skip

    def shell(self, code: str) -> str:
        return self.plainly("shell", "--no-imports", "-c", code).stdout

    def summary(self) -> dict:
        return json.loads(self.shell(SUMMARY).strip().splitlines()[-1])

    def wipe(self) -> None:
        if self.postgres:
            self.postgres.create()  # dropped and made again, empty
        else:
            for path in self.home.glob("site.sqlite3*"):
                path.unlink()
        shutil.rmtree(self.home / "media")


@pytest.fixture(scope="module")
def site(tmp_path_factory, demo_made):
    """One demo site for the module, each test leaving it as it was."""
    site = Site(tmp_path_factory.mktemp("backed-up-site"), demo_made)
    site.shell(ADD_IMAGE_AND_COMMENT)
    yield site
    if site.postgres:
        site.postgres.drop()


def test_backup_wipe_restore_gives_back_the_same_site(site, tmp_path):
    before = site.summary()
    assert before["images"] and before["media"] and before["comments"] and before["revisions"]

    made = site.plainly("backup", "--output", str(tmp_path / "backups"))
    archive = Path(re.search(r"Backed up to (\S+)", made.stdout).group(1))
    assert archive.is_file() and archive.name.endswith(".tar.gz")

    site.wipe()
    site.plainly("restore", str(archive), "--yes")

    assert site.summary() == before


def test_restore_replaces_what_changed_since_the_backup(site, tmp_path):
    before = site.summary()
    archive = Path(re.search(r"Backed up to (\S+)", site.plainly("backup").stdout).group(1))
    site.shell(
        "from plainly.discussion.models import Comment\n"
        "from plainly.questions.models import QuestionPage\n"
        "Comment.objects.all().delete()\n"
        "QuestionPage.objects.first().delete()\n"
    )
    assert site.summary() != before

    site.plainly("restore", str(archive), "--yes")
    assert site.summary() == before


def test_a_broken_or_foreign_archive_is_refused_and_changes_nothing(site, tmp_path):
    before = site.summary()
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive at all")

    refused = site.plainly("restore", str(junk), "--yes", check=False)
    missing = site.plainly("restore", str(tmp_path / "nowhere.tar.gz"), "--yes", check=False)

    assert refused.returncode == missing.returncode == 1
    assert "not a readable backup" in refused.stderr
    assert "no backup at" in missing.stderr
    assert "Traceback" not in refused.stderr + missing.stderr
    assert site.summary() == before


WRITER = """
import itertools
import time
from pathlib import Path
from django.db import transaction
from plainly.discussion import markup
from plainly.discussion.models import Comment
from plainly.questions.models import QuestionPage

page = QuestionPage.objects.live().first()
stop = Path("STOP_FILE")
for batch in itertools.count():
    if stop.exists():
        break
    # Five comments a transaction: a consistent copy holds all five of a batch or none.
    with transaction.atomic():
        for n in range(5):
            words = f"Batch {batch} comment {n}"
            Comment.objects.create(page=page, body=words, body_html=markup.render(words),
                                   author_name="Writer", state="approved")
    time.sleep(0.02)  # steady, as readers post, rather than taking every moment the backup has
"""


def batches(site: Site) -> dict[int, int]:
    """How many comments each writer's batch has in the site's database."""
    found = site.shell(
        "from collections import Counter\n"
        "from plainly.discussion.models import Comment\n"
        "import json\n"
        "print(json.dumps(Counter(int(c.body.split()[1]) for c in "
        "Comment.objects.filter(author_name='Writer'))))\n"
    )
    return {int(k): v for k, v in json.loads(found.strip().splitlines()[-1]).items()}


def test_a_backup_taken_while_comments_are_written_is_whole(site, tmp_path):
    before = site.summary()
    undo = Path(re.search(r"Backed up to (\S+)", site.plainly("backup").stdout).group(1))
    stop = tmp_path / "stop"
    code = WRITER.replace("STOP_FILE", str(stop))
    writer = subprocess.Popen(
        [sys.executable, "-m", "plainly", "shell", "--no-imports", "-c", code],
        env=site.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        while not batches(site):  # the writer is under way
            assert writer.poll() is None, writer.stderr.read()
        made = site.plainly("backup", "--output", str(tmp_path / "during"))
        archive = Path(re.search(r"Backed up to (\S+)", made.stdout).group(1))
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert writer.returncode == 0, writer.stderr.read()
    written = batches(site)

    site.wipe()
    site.plainly("restore", str(archive), "--yes")
    restored = batches(site)

    assert restored and set(restored.values()) == {5}  # no batch cut in half
    assert len(restored) < len(written)  # taken while the writer went on
    if not site.postgres:
        check = site.shell(
            "from django.db import connection\n"
            "print(connection.cursor().execute('PRAGMA integrity_check').fetchone()[0])\n"
        )
        assert check.strip().splitlines()[-1] == "ok"
    site.plainly("restore", str(undo), "--yes")
    assert site.summary() == before
