"""Backups of a whole installation, taken while it serves, and restoring one.

A backup is one ``.tar.gz`` holding the database (an SQLite copy made with SQLite's online backup
API, or a ``pg_dump`` archive: both a consistent snapshot, whatever is being written meanwhile),
the uploaded media, and a manifest saying which engine it came from. Restoring puts both back
whole: the database is replaced in one step (SQLite: a rename; PostgreSQL: ``pg_restore --clean``
in one transaction), then the media, then every cached page is made stale.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
MEDIA = "media"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, for the operator."""


def engine() -> str:
    return "sqlite" if connections["default"].vendor == "sqlite" else "postgresql"


def _postgres_environment() -> dict[str, str]:
    database = settings.DATABASES["default"]
    environment = {**os.environ, "PGDATABASE": database["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            environment[variable] = str(database[key])
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return environment


def _run(command: list[str]) -> None:
    if not shutil.which(command[0]):
        raise BackupError(f"{command[0]} is needed (Debian: apt-get install postgresql-client)")
    done = subprocess.run(  # noqa: S603 - our own fixed command line
        command, env=_postgres_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-500:]}")


def back_up(folder: Path) -> Path:
    """Write a backup archive into ``folder``; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    archive = folder / f"plainly-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory(dir=folder) as scratch:
        work = Path(scratch)
        if engine() == "sqlite":
            database = work / SQLITE_FILE
            source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            target = sqlite3.connect(database)
            try:
                source.backup(target)  # a consistent copy, while others read and write
            finally:
                target.close()
                source.close()
        else:
            database = work / POSTGRES_FILE
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={database}"])
        manifest = {
            "format": FORMAT,
            "engine": engine(),
            "created": datetime.datetime.now(datetime.UTC).isoformat(),
        }
        (work / MANIFEST).write_text(json.dumps(manifest))
        partial = archive.with_suffix(".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / MANIFEST, MANIFEST)
            tar.add(database, database.name)
            if Path(settings.MEDIA_ROOT).exists():
                tar.add(settings.MEDIA_ROOT, MEDIA)
        partial.rename(archive)  # never a half-written archive under the final name
    return archive


def restore(archive: Path) -> dict:
    """Replace this installation's database and media with those in ``archive``."""
    if not archive.is_file():
        raise BackupError(f"no backup at {archive}")
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(work, filter="data")  # no paths outside, no devices or links out
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"{archive} is not a readable backup: {error}") from None
        try:
            manifest = json.loads((work / MANIFEST).read_text())
        except (OSError, ValueError):
            raise BackupError(f"{archive} has no manifest: not a Plainly backup") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{archive} is in format {manifest.get('format')}, not {FORMAT}")
        if manifest.get("engine") != engine():
            raise BackupError(
                f"{archive} holds a {manifest.get('engine')} database; this site runs on "
                f"{engine()}. Restore it on the same engine."
            )
        connections.close_all()
        if engine() == "sqlite":
            _restore_sqlite(work / SQLITE_FILE)
        else:
            name = settings.DATABASES["default"]["NAME"]
            _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                  f"--dbname={name}", str(work / POSTGRES_FILE)])  # fmt: skip
        _restore_media(work / MEDIA)
    from plainly import pagecache

    pagecache.purge_all_pages()
    return manifest


def _restore_sqlite(copy: Path) -> None:
    live = Path(settings.DATABASES["default"]["NAME"])
    staged = live.with_name(live.name + ".restoring")
    shutil.copyfile(copy, staged)
    for suffix in ("-wal", "-shm"):  # the old database's journal must not replay onto the new
        live.with_name(live.name + suffix).unlink(missing_ok=True)
    staged.replace(live)


def _restore_media(backed_up: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    staged = media.with_name(media.name + ".restoring")
    shutil.rmtree(staged, ignore_errors=True)
    if backed_up.exists():
        shutil.copytree(backed_up, staged)
    else:
        staged.mkdir(parents=True)
    old = media.with_name(media.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if media.exists():
        media.rename(old)
    staged.rename(media)
    shutil.rmtree(old, ignore_errors=True)
