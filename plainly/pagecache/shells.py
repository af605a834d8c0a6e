"""A page kept rendered around its live regions, for the renders a part of the page causes.

A new comment changes a question page's discussion and nothing else, yet the page cache can only
draw the whole page again. A shell is that page as anonymous readers get it, with a hole where
each live region goes (the discussion), kept as a durable fragment: a purge limited to the
regions' parts leaves it standing, any other purge of the page drops it. A render after a
comment then draws the regions alone and joins them into the shell.

The app that owns a region registers how to draw it on its own (``register_region``), and its
template tag hands what it draws in the page's full render to the shell (``Shell.region``), which
marks its place. A region that cannot be drawn on its own for a request (it says so with None)
sends that request to the full render.
"""

import math
import re
from collections.abc import Callable

from plainly.pagecache.fragments import Fragment, oldest_part_noted, start_noting_parts

# Marks a region's place in a page's full render. No page holds a NUL character: text from
# forms is refused with one (Django's fields), and rich text drops them.
_MARK = "\x00plainly-region:{}\x00"
_NAME = re.compile("[a-z_]+")
_SPLIT = re.compile("\x00plainly-region:([a-z_]+)\x00")

_drawers: dict[str, Callable] = {}


def register_region(name: str, draw: Callable) -> None:
    """``draw(page, request)`` draws region ``name`` of ``page`` for an anonymous reader's
    request, as HTML; or None when it cannot be drawn on its own for this request."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"A region's name is lower-case letters and underscores: {name!r}")
    _drawers[name] = draw


class Shell:
    """The shell of the page at ``path``; ``name`` says what it shows (the page's live revision
    and its address), as a fragment's name does."""

    def __init__(self, path: str, name: str, *, read_from: float | None = None):
        # Its own process's: any purge of the path makes the shared cache's copy stale, and
        # without one the page cache answers the whole page.
        self.fragment = Fragment(
            path, f"shell:{name}", durable=True, shared=False, read_from=read_from
        )
        self.drawn: dict[str, str] = {}

    def filled(self, page, request) -> str | None:
        """The page, from the kept shell with its regions drawn now; None if no shell is kept,
        or a region cannot be drawn on its own."""
        parts = self.fragment.get()
        start_noting_parts()  # from here on, for a full render: no newer than what it holds
        if not isinstance(parts, list):
            return None
        page_html = []
        for index, part in enumerate(parts):
            if index % 2:
                draw = _drawers.get(part)
                part = draw(page, request) if draw is not None else None
                if part is None:
                    return None
            page_html.append(part)
        return "".join(page_html)

    def region(self, name: str, html: str) -> str:
        """In the page's full render, region ``name`` drawn as ``html``: its mark in the
        render, replaced by ``html`` once the shell is taken from it (``keep``)."""
        self.drawn[name] = html
        return _MARK.format(name)

    def keep(self, rendered: str, *, shareable: bool) -> str:
        """The full render with its regions in place; kept as the shell if ``shareable`` (the
        same for every anonymous reader) and every region it marks was drawn for it."""
        parts = _SPLIT.split(rendered)
        holes = parts[1::2]
        if len(parts) == 1:
            return rendered
        oldest_part = oldest_part_noted()
        if shareable and all(name in self.drawn and name in _drawers for name in holes):
            # No newer than the article it holds: kept no longer past that one's hour.
            self.fragment.read_from = min(self.fragment.read_from or math.inf, oldest_part)
            self.fragment.keep(parts)
        return "".join(
            self.drawn.get(part, "") if index % 2 else part for index, part in enumerate(parts)
        )


def live_region(request, name: str, html: str) -> str:
    """What a live region's template tag writes: ``html``, or its mark in a shell's render."""
    shell = getattr(request, "plainly_shell", None)
    return html if shell is None else shell.region(name, html)
