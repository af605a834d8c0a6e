"""Ranked full-text search straight on Wagtail's database index, in one query per page of results.

Wagtail's database backends rank with a correlated subquery (SQLite) or over a concatenated
vector no index can serve (PostgreSQL), so a common word costs seconds on a large site. Here
the same index tables, kept current by Wagtail, are asked once: SQLite's FTS5 ranks with bm25
and PostgreSQL uses the GIN indexes on title and body, with the weights Wagtail gives them.

Ranking a common word still means scoring every page that has it (asking for every word of a
query, as the search page does first, scores only the pages that have them all), so the ranked
ids and the count are kept in the cache, as fragments of the search page: any change to what
search can find (a question published, unpublished, moved or deleted) purges ``/search/`` and
them with it.
"""

import copy

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, Site

from plainly.config import DATABASE_SEARCH
from plainly.pagecache import Fragment, kept, kept_own
from plainly.questions.figures import with_summaries
from plainly.questions.models import QuestionPage, live_questions

# Results on a page of the search page; the first page is ranked with the count of all matches.
RESULTS_PER_PAGE = 10

FTS_TABLE = "wagtailsearch_indexentry_fts"
# Past every step of a tree path (Wagtail's are digits and capitals): a page's descendants'
# paths sort from its own up to its own and this.
PAST_EVERY_STEP = "~"

# bm25 weights of the FTS5 columns (autocomplete, body, title): a title match counts most.
SQLITE_WEIGHTS = (0.0, 1.0, 10.0)
# ts_rank's weights for the D, C, B and A labels Wagtail gives fields by their boost.
_D, _C, _B, _A = 0.0099, 0.0099, 0.2079, 1.0
POSTGRES_WEIGHTS = f"{{{_D},{_C},{_B},{_A}}}"
# The most a question whose title has none of the words can score. Its body's words are all
# labelled D or C (no body field is boosted): for each word of the query, ts_rank adds at most
# the label's weight times (1 + 6/pi^2), whatever the word's positions, and it divides the sum
# by the number of words. A hair more, for ts_rank's single precision.
BODY_ONLY_SCORE = max(_D, _C) * (1 + 1 / 1.64493406685) * 1.001


def supported() -> bool:
    """Whether searches go to the database's own index (not OpenSearch or Elasticsearch)."""
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return backend == DATABASE_SEARCH["BACKEND"] and connection.vendor in (
        "sqlite",
        "postgresql",
    )


class RankedQuestions:
    """Published questions matching any of ``words`` (or, with ``every_word``, all of them),
    best first; sliced and counted in SQL, so a paginator fetches only the page it shows."""

    def __init__(
        self,
        words: list[str],
        *,
        under: str = "",
        titles_only: bool = False,
        every_word: bool = False,
    ):
        self.words = words
        self.under = under  # a tree path: only questions below it (one topic)
        self.titles_only = titles_only
        self.every_word = every_word
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = self._first_page()[1]
        return self._count

    def _first_page(self) -> list:
        """The ids of the first page of results, and how many match in all: counted with the
        ranking, which scores every match anyway, in one pass over the matches, not two."""
        return self._kept(
            "first page", lambda: list(self._ranked_ids(RESULTS_PER_PAGE, 0, counted=True))
        )

    def _kept(self, name: str, compute):
        """``compute()``, or what it gave for the same words last time, if no question was
        published, unpublished, moved or deleted since (each purges ``/search/``)."""
        words = " ".join(self.words)
        scope = (
            f"{self.under}:{'titles' if self.titles_only else 'all'}"
            f":{'every' if self.every_word else 'any'}"
        )
        fragment = Fragment(reverse("search"), f"{connection.vendor}:{words}:{scope}:{name}")
        value = fragment.get()
        if value is None:
            value = compute()
            fragment.keep(value)
        return value

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key):
        if isinstance(key, int):
            found = self[key : key + 1]
            if not found:
                raise IndexError(key)
            return found[0]
        start, stop = key.start or 0, key.stop
        if key.step is not None or start < 0 or (stop is not None and stop < start):
            raise ValueError("Only forward slices of search results are supported.")
        limit = -1 if stop is None else stop - start
        if limit == 0:
            return []
        return self._fetch(limit, start)

    def __iter__(self):
        return iter(self[0:])

    def _fetch(self, limit: int, offset: int) -> list[QuestionPage]:
        if limit >= 0 and offset + limit <= RESULTS_PER_PAGE:
            ids = self._first_page()[0][offset : offset + limit]
        else:
            ids = self._kept(f"ids:{limit}:{offset}", lambda: self._ranked_ids(limit, offset))
        # Live ones only: kept ids outlast an unpublishing until its commit purges them. The
        # pages themselves are kept by each process until the next purge, like the page a path
        # leads to, without their bodies (no result shows one), and each request gets copies.
        pages = kept_own(("live questions", tuple(ids)), lambda: _live_questions(ids))
        return [copy.copy(pages[pk]) for pk in ids if pk in pages]

    def _ranked_ids(self, limit: int, offset: int, *, counted: bool = False):
        """The ids of the ``limit`` best matches from ``offset``; with ``counted``, and how many
        match in all."""
        if connection.vendor == "sqlite":
            rows = self._rows(*self._in_fts5(counted), limit, offset)
        else:
            ranking = self._in_postgres(titles_first_to=offset + limit)
            rows = self._rows(*ranking, limit, offset)
            if not self._ranked_in_full(rows, offset + limit):
                rows = self._rows(*self._in_postgres(), limit, offset)
        ids = [row[0] for row in rows]
        if not counted:
            return ids
        return ids, rows[0][2] if rows else 0

    @staticmethod
    def _rows(sql: str, params: list, limit: int, offset: int) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit, offset])
            return cursor.fetchall()

    @staticmethod
    def _ranked_in_full(rows: list[tuple], window_end: int) -> bool:
        """Whether a page of results ranked with ``titles_first_to`` its end is the page the
        whole ranking gives. When a page's worth of matches or more has a word in its title,
        only those are scored: a match whose title has none of the words scores at most
        ``BODY_ONLY_SCORE``, so title matches that score more come before every one of them, in
        the order they have among themselves. (A title word alone scores several times that,
        so they all do; the ranking checks it all the same.)"""
        if not rows or rows[0][3] < window_end:
            return True  # every match was scored
        return all(score is not None and score > BODY_ONLY_SCORE for _, score, *_ in rows)

    def _in_fts5(self, counted: bool) -> tuple[str, list]:
        """SQLite: the matches ranked in the full-text index alone, past the entries that are
        not for a reader (``_unlisted``); only the page of results is joined to the index
        entries, for their pages' ids. Joining every match to its entry and its page read two
        rows of large tables a match, and took longer than ranking them."""
        weights = ", ".join(str(weight) for weight in SQLITE_WEIGHTS)
        terms = (" AND " if self.every_word else " OR ").join(f'"{word}"' for word in self.words)
        # The autocomplete column holds a page's title again, and bm25 gives it no weight: a
        # match on every column is a match on title and body, which FTS5 finds without reading
        # which column each word is in.
        match = f"{{title}} : ({terms})" if self.titles_only else terms
        # With more than one site, the other sites' questions are about as many as this one's:
        # the matches are then joined to their pages to keep this site's, not listed to leave out.
        joined = bool(self.under) and _several_sites()
        unlisted, params = self._unlisted(scoped=not joined)
        source, scope = FTS_TABLE, ""
        if joined:
            source += (
                f" CROSS JOIN wagtailsearch_indexentry s ON s.id = {FTS_TABLE}.rowid"
                " CROSS JOIN wagtailcore_page sp ON sp.id = CAST(s.object_id AS INTEGER)"
            )
            scope = " AND sp.path >= %s AND sp.path < %s"
            params += [self.under, self.under + PAST_EVERY_STEP]
        total = "COUNT(*) OVER ()" if counted else "NULL"  # FTS5 ranks in no query with a window
        # Ties (the same score) go newest entry first, as the pages they index were made.
        sql = (
            "SELECT CAST(e.object_id AS INTEGER), ranked.score, ranked.total FROM ("  # noqa: S608
            f"SELECT entry, score, {total} AS total FROM ("
            f"SELECT {FTS_TABLE}.rowid AS entry, bm25({FTS_TABLE}, {weights}) AS score"
            f" FROM {source} WHERE {FTS_TABLE} MATCH %s"
            f" AND {FTS_TABLE}.rowid NOT IN ({unlisted}){scope}"
            ") AS matched ORDER BY score ASC, entry DESC LIMIT %s OFFSET %s"
            ") AS ranked CROSS JOIN wagtailsearch_indexentry e ON e.id = ranked.entry"
            " ORDER BY ranked.score ASC, ranked.entry DESC"
        )
        return sql, [match, *params]

    def _unlisted(self, *, scoped: bool) -> tuple[str, list]:
        """The index entries a reader's search leaves out, as a union of parts that one index
        each answers: entries of other models (topics, images...), of pages not live, under a
        view restriction and (``scoped``) outside the scope. On most sites they are a handful."""
        content_type = ContentType.objects.get_for_model(QuestionPage).pk
        of_pages = (
            "SELECT e.id FROM wagtailcore_page p CROSS JOIN wagtailsearch_indexentry e"
            " ON e.content_type_id = %s AND e.object_id = CAST(p.id AS TEXT) WHERE "
        )
        parts = [
            "SELECT id FROM wagtailsearch_indexentry"
            " WHERE content_type_id < %s OR content_type_id > %s",
            of_pages + "NOT p.live",  # the partial index plainly_page_not_live
        ]
        params = [content_type, content_type, content_type]
        if self.under and scoped:
            parts += [of_pages + "p.path < %s", of_pages + "p.path >= %s"]
            params += [content_type, self.under, content_type, self.under + PAST_EVERY_STEP]
        for path in kept("restricted paths", _restricted_paths):
            parts.append(of_pages + "p.path >= %s AND p.path < %s")
            params += [content_type, path, path + PAST_EVERY_STEP]
        return " UNION ALL ".join(parts), params

    def _in_postgres(self, *, titles_first_to: int | None = None) -> tuple[str, list]:
        """PostgreSQL: the live public questions the words match, ranked with ts_rank, with how
        many match and how many have a word in their title; with ``titles_first_to`` (where the
        page of results ends), when at least that many have a word in the title, only those are
        scored, and the others come last, with no score (``_ranked_in_full``). The query is
        written out in each condition, as a constant the planner can take to the GIN indexes on
        title and body."""
        content_type = ContentType.objects.get_for_model(QuestionPage).pk
        query = " | ".join(f"'{word}'" for word in self.words)
        params = [query]
        sql = (
            "SELECT p.id AS id, e.title AS title, e.body AS body, e.title_norm AS title_norm,"
            " e.title @@ to_tsquery(%s) AS titled"
            " FROM wagtailsearch_indexentry e JOIN wagtailcore_page p"
            " ON p.id = e.object_id::integer"
        )
        # Every word in the title or the body, or any of them there: a bitmap of the GIN
        # matches for each word, then their intersection.
        columns = ("e.title",) if self.titles_only else ("e.title", "e.body")
        groups = [[word] for word in self.words] if self.every_word else [self.words]
        conditions = []
        for group in groups:
            tests = " OR ".join(f"{column} @@ to_tsquery(%s)" for column in columns)
            conditions.append(f"({tests})")
            params += [" | ".join(f"'{word}'" for word in group)] * len(columns)
        sql += " WHERE " + " AND ".join(conditions) + " AND e.content_type_id = %s AND p.live"
        params.append(content_type)
        if self.under:
            sql += " AND p.path LIKE %s"
            params.append(self.under + "%")
        for path in kept("restricted paths", _restricted_paths):
            sql += " AND p.path NOT LIKE %s"
            params.append(path + "%")
        score = (
            "ts_rank(%s::float4[], title, to_tsquery(%s)) * title_norm"
            " + ts_rank(%s::float4[], body, to_tsquery(%s))"
        )
        score_params = [POSTGRES_WEIGHTS, query, POSTGRES_WEIGHTS, query]
        # The matches are listed once (with their vectors as they are stored, not read) and
        # counted, before any is scored: a body's vector is read only to score it.
        sql = (
            f"WITH matched AS MATERIALIZED ({sql}),"  # noqa: S608
            " counts AS (SELECT count(*) FILTER (WHERE titled) AS titled, count(*) AS total"
            " FROM matched)"
        )
        if titles_first_to is not None:
            score = f"CASE WHEN matched.titled OR counts.titled < %s THEN {score} END"
            score_params.insert(0, titles_first_to)
        sql += (
            f" SELECT matched.id, {score} AS score, counts.total, counts.titled"  # noqa: S608
            " FROM matched CROSS JOIN counts"
            " ORDER BY score DESC NULLS LAST, matched.id DESC LIMIT %s OFFSET %s"
        )
        return sql, params + score_params


def _live_questions(ids: list[int]) -> dict[int, QuestionPage]:
    # Each with its summary: kept as long as the facts it shows (publishing a fact purges).
    questions = live_questions(ids)
    with_summaries(list(questions.values()))
    return questions


def _several_sites() -> bool:
    # Wagtail keeps the sites' root paths in the cache until a site changes.
    return len({root.root_path for root in Site.get_site_root_paths()}) > 1


def _restricted_paths() -> list[str]:
    # Pages under a view restriction (members only, a password) are not for search. Each process
    # keeps their paths until the next purge (a restriction added or lifted purges every page);
    # most sites have none. Not Wagtail's join of restrictions to their pages, which SQLite plans
    # as a scan of every page (8 ms a search at 100,000 pages).
    restricted = Page.objects.filter(pk__in=PageViewRestriction.objects.values("page_id"))
    return list(restricted.values_list("path", flat=True))
