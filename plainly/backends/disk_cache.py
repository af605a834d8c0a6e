"""The embedded default's store for records (purges, rate limits, locks): diskcache, which keeps
each thread's connection to its SQLite file between requests.

Django closes every cache at the end of each request. For diskcache that closes the thread's
connection, and the next request opens it again, reads the store's settings and sets its
pragmas: more work than answering a cached page. Request threads live as long as their worker,
and diskcache opens a fresh connection in a forked process by itself.
"""

from diskcache import DjangoCache


class KeptDiskCache(DjangoCache):
    def close(self, **kwargs):
        """Keep the connection: it belongs to a thread that serves request after request."""
