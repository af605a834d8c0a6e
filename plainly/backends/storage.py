import gzip
import os
import stat
import tempfile
import zlib

import brotli
from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class KeepingCompressor(Compressor):
    """WhiteNoise's compressor, which leaves alone what an earlier run already compressed.

    ``plainly serve`` collects static files each time it starts, and Brotli at its best takes most
    of a core for half a minute over Wagtail's admin files. Unpacking is a hundred times quicker
    than packing, so a file whose compressed copies unpack to its very bytes keeps them.
    """

    def compress(self, path):
        with open(path, "rb") as file:
            data = file.read()
        kept = []
        for suffix, used, unpack in (
            (".br", self.use_brotli, brotli.decompress),
            (".gz", self.use_gzip, gzip.decompress),
        ):
            if used:
                if _unpacked(path + suffix, unpack) != data:
                    return super().compress(path)
                kept.append(path + suffix)
        return kept

    def write_data(self, path, data, suffix, stat_result):
        # Written aside, then moved into place: a reader never meets half a file. The aside file
        # is made private; the copy is as readable as the file it was made from.
        filename = path + suffix
        fd, partial = tempfile.mkstemp(dir=os.path.dirname(filename), prefix=".compressing-")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.chmod(partial, stat.S_IMODE(stat_result.st_mode))
            os.utime(partial, ns=(stat_result.st_atime_ns, stat_result.st_mtime_ns))
            os.replace(partial, filename)
        except BaseException:
            os.unlink(partial)
            raise
        return filename


def _unpacked(path: str, unpack) -> bytes | None:
    """What the compressed file at ``path`` holds, or None if it is missing or damaged."""
    try:
        with open(path, "rb") as file:
            return unpack(file.read())
    except (OSError, EOFError, zlib.error, brotli.error):
        return None


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed files, forgiving a file that was never collected.

    Otherwise a forgotten ``collectstatic`` turns every page, the error pages included, into a
    500; here the page renders and only the missing file 404s.
    """

    manifest_strict = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def create_compressor(self, **kwargs):
        return KeepingCompressor(**kwargs)

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            return name

    def url(self, name, force=False):
        # Every page names the same few files, and their hashed names change only when
        # collectstatic writes a new manifest: each address is worked out once until then.
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url

    def save_manifest(self):
        super().save_manifest()
        self._urls.clear()
