"""The embedded default's page store keeps its folder near its limit without listing it on
every write."""

from plainly.backends.file_cache import LIST_EVERY, FileCache


def folder_cache(path, max_entries: int) -> FileCache:
    return FileCache(str(path), {"OPTIONS": {"MAX_ENTRIES": max_entries}})


def test_a_full_folder_is_still_culled(tmp_path):
    cache = folder_cache(tmp_path, 100)
    for number in range(400):
        cache.set(f"page-{number}", f"<p>page {number}</p>", 600)

    held = len(cache._list_cache_files())
    assert 0 < held <= 100 + LIST_EVERY
    assert cache.get("page-399") == "<p>page 399</p>"  # the newest is never the one dropped


def test_the_folder_is_listed_once_in_so_many_writes(tmp_path, monkeypatch):
    cache = folder_cache(tmp_path, 1000)
    listed = []
    listing = cache._list_cache_files
    monkeypatch.setattr(cache, "_list_cache_files", lambda: listed.append(1) or listing())

    for number in range(4 * LIST_EVERY):
        cache.set(f"page-{number}", "<p>a page</p>", 600)

    assert len(listed) == 4
    assert len(listing()) == 4 * LIST_EVERY  # every write kept under the limit
