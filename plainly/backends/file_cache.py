"""The embedded default's store for copies of pages: Django's file cache, culled less eagerly.

Django's file cache lists its whole folder on every write, to see whether it holds more than
``MAX_ENTRIES`` files: a few hundred names read for each page or search ranking kept, which took
longer than writing the file. Each copy of this one lists the folder on one write in
``LIST_EVERY``, so the folder may hold a few more files than its limit between two looks (a copy
per thread of each process, each at most ``LIST_EVERY - 1`` writes behind); culling, when it
comes, drops a third of them as Django's does.
"""

from django.core.cache.backends.filebased import FileBasedCache

LIST_EVERY = 16


class FileCache(FileBasedCache):
    def __init__(self, location, params):
        super().__init__(location, params)
        self._writes = 0

    def _cull(self):
        # The first write looks, so that a folder found full is culled soon after a start.
        if self._writes % LIST_EVERY == 0:
            super()._cull()
        self._writes += 1
