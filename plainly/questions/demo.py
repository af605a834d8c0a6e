"""Load the demo site: topics and questions written for it, kept as TOML files in ``demo/``.

Loading is idempotent: pages that already exist (matched by slug under their parent) are left
exactly as they are, so running it again creates no pages and no revisions.
"""

import functools
import html
import io
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from plainly.accounts.models import User
from plainly.facts.formatting import format_fact
from plainly.facts.models import Fact
from plainly.questions.blocks import ANSWER_FEATURES, SHORT_ANSWER_FEATURES, as_the_editor_saves
from plainly.questions.charts import scattering_chart
from plainly.questions.models import (
    PLAIN_PAGE_FEATURES,
    Correction,
    FAQItem,
    FooterLink,
    FooterSettings,
    HomePage,
    KeyFact,
    PlainPage,
    QuestionPage,
    Source,
    TopicPage,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo"

# Figures a demo body can place with a line like "!figure scattering | Caption".
FIGURES = {
    "scattering": {
        "title": "How strongly air scatters each colour of light",
        "alt_text": (
            "Bar chart: scattering by air rises steeply from red to violet light; violet light "
            "at 400 nanometres is scattered about nine times as strongly as red light at 700."
        ),
        "draw": scattering_chart,
    },
}


class DemoError(Exception):
    """The site is not in a state the demo can be loaded into."""


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def load_demo_site(*, by: User | None = None) -> DemoReport:
    """Add the demo topics, questions and pages about the site (linked from the footer) under
    the default site's home page, written ``by`` that member of staff (History names them)."""
    report = DemoReport()
    site_data = tomllib.loads((DEMO_DIR / "site.toml").read_text())
    with transaction.atomic():
        home = _default_home()
        facts = _ensure_facts(tomllib.loads((DEMO_DIR / "facts.toml").read_text()), by=by)
        topics = {
            data["slug"]: _ensure_page(home, TopicPage, data, report, build=_topic, by=by)
            for data in site_data["topics"]
        }
        for path in sorted(DEMO_DIR.glob("*.toml")):
            if path.name in ("site.toml", "facts.toml"):
                continue
            data = tomllib.loads(path.read_text())
            build = functools.partial(_question, facts=facts)
            _ensure_page(topics[data["topic"]], QuestionPage, data, report, build=build, by=by)
        pages = [
            (_ensure_page(home, PlainPage, data, report, build=_plain_page, by=by), data)
            for data in site_data["pages"]
        ]
        _link_from_footer(home, pages)
    return report


def _default_home() -> HomePage:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise DemoError("there is no default site; run `plainly migrate` first")
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise DemoError(f"the default site's root page “{home.title}” is not a Plainly home page")
    return home


def _ensure_page(
    parent: Page, model, data: dict, report: DemoReport, *, build, by: User | None
) -> Page:
    existing = parent.get_children().filter(slug=data["slug"]).first()
    if existing is not None:
        report.unchanged.append(existing.title)
        return existing.specific
    page = build(data)
    page.owner = by
    if data.get("draft"):  # saved, never published
        page.live = False
    parent.add_child(instance=page)
    revision = page.save_revision(user=by, log_action=True)
    if not data.get("draft"):
        revision.publish(user=by)
    report.created.append(page.title)
    return page


def _topic(data: dict) -> TopicPage:
    return TopicPage(title=data["title"], slug=data["slug"], intro=data["intro"])


def _plain_page(data: dict) -> PlainPage:
    return PlainPage(
        title=data["title"],
        slug=data["slug"],
        intro=data["intro"],
        body=as_the_editor_saves(data["body"].strip(), PLAIN_PAGE_FEATURES),
    )


def _link_from_footer(home: HomePage, pages: list[tuple[PlainPage, dict]]) -> None:
    """Link the demo's pages from the footer, unless the site's footer links anything already."""
    footer = FooterSettings.for_site(home.get_site())
    if footer.links.exists():
        return
    footer.links = [
        FooterLink(page=page, label=data["footer_label"], sort_order=number)
        for number, (page, data) in enumerate(pages)
    ]
    footer.save()


def _ensure_facts(data: dict, *, by: User | None) -> dict[str, Fact]:
    """The demo's facts by key, published; those already there (by measure and date) are kept
    as they are."""
    facts = {}
    for entry in data["facts"]:
        source = entry["source"]
        fact = Fact.objects.filter(measure=entry["measure"], as_of=entry["as_of"]).first()
        if fact is None:
            fact = Fact(
                measure=entry["measure"],
                aliases="\n".join(entry.get("aliases", [])),
                kind=entry["kind"],
                qualifier=entry["qualifier"],
                value=Decimal(str(entry["value"])),
                currency=entry.get("currency", ""),
                unit=entry.get("unit", ""),
                as_of=entry["as_of"],
                as_of_precision=entry["precision"],
                source_title=source["title"],
                source_publisher=source.get("publisher", ""),
                source_url=source.get("url", ""),
                source_accessed=source.get("accessed"),
                check_after=entry.get("check_after"),
                stale_after_months=entry.get("stale_after_months"),
            )
            fact.full_clean()
            fact.save()
            fact.save_revision(user=by, log_action=True).publish(user=by)
        facts[entry["key"]] = fact
    return facts


def _key_fact(entry: str | dict, number: int, facts: dict[str, Fact]) -> KeyFact:
    if isinstance(entry, str):
        return KeyFact(text=entry, sort_order=number)
    return KeyFact(text=entry["text"], fact=facts[entry["fact"]], sort_order=number)


def _question(data: dict, *, facts: dict[str, Fact]) -> QuestionPage:
    return QuestionPage(
        title=data["title"],
        slug=data["slug"],
        byline=data["byline"],
        last_reviewed=data["last_reviewed"],
        short_answer=short_answer_html(data["short_answer"], facts),
        body=body_blocks(data["body"], facts),
        key_facts_heading=data["key_facts_heading"],
        # Each numbered in its place: a row without one loses it when an editor changes another.
        key_facts=[
            _key_fact(entry, number, facts) for number, entry in enumerate(data["key_facts"])
        ],
        faq_items=[
            FAQItem(
                question=item["question"],
                answer=answer_html(item["answer"], facts),
                sort_order=number,
            )
            for number, item in enumerate(data["faq"])
        ],
        sources=[
            Source(
                title=source["title"],
                publisher=source.get("publisher", ""),
                url=source.get("url", ""),
                accessed=source.get("accessed"),
                sort_order=number,
            )
            for number, source in enumerate(data["sources"])
        ],
        corrections=[
            Correction(
                date=correction["date"],
                wrong=correction["wrong"],
                right=correction["right"],
                sort_order=number,
            )
            for number, correction in enumerate(data.get("corrections", []))
        ],
    )


def body_blocks(text: str, facts: dict[str, Fact] | None = None) -> list[dict]:
    """Turn the demo's light markup into body blocks.

    Blank lines separate blocks; ``## `` starts a heading, ``> text | who said it`` is a quote and
    ``!figure name | caption`` a figure; anything else is a paragraph, in which ``[[fact:key]]``
    places one of ``facts``.
    """
    blocks = []
    for chunk in text.strip().split("\n\n"):
        chunk = " ".join(chunk.split())
        if chunk.startswith("## "):
            blocks.append({"type": "heading", "value": chunk[3:]})
        elif chunk.startswith("> "):
            text, _, attribution = chunk[2:].partition("|")
            blocks.append(
                {
                    "type": "quote",
                    "value": {"text": text.strip(), "attribution": attribution.strip()},
                }
            )
        elif chunk.startswith("!figure "):
            name, _, caption = chunk.removeprefix("!figure ").partition("|")
            image = demo_image(name.strip())
            alt_text = FIGURES[name.strip()]["alt_text"]
            blocks.append(
                {
                    "type": "image",
                    "value": {
                        "image": {"image": image.pk, "alt_text": alt_text, "decorative": False},
                        "caption": caption.strip(),
                    },
                }
            )
        else:
            blocks.append(
                {"type": "paragraph", "value": as_the_editor_saves(_paragraph(chunk, facts))}
            )
    return blocks


def short_answer_html(text: str, facts: dict[str, Fact]) -> str:
    """A short answer's rich text from the demo's words, ``[[fact:key]]`` placing a fact."""
    return as_the_editor_saves(_paragraph(" ".join(text.split()), facts), SHORT_ANSWER_FEATURES)


def answer_html(text: str, facts: dict[str, Fact]) -> str:
    """An FAQ answer's rich text from the demo's plain paragraphs, ``[[fact:key]]`` in them
    placing one of ``facts``."""
    paragraphs = (" ".join(chunk.split()) for chunk in text.strip().split("\n\n"))
    html_text = "".join(_paragraph(chunk, facts) for chunk in paragraphs if chunk)
    return as_the_editor_saves(html_text, ANSWER_FEATURES)


def _paragraph(text: str, facts: dict[str, Fact] | None) -> str:
    escaped = FACT_MARK.sub(lambda mark: _fact_link(facts, mark["key"]), html.escape(text))
    return f"<p>{escaped}</p>"


FACT_MARK = re.compile(r"\[\[fact:(?P<key>[\w-]+)\]\]")


def _fact_link(facts: dict[str, Fact] | None, key: str) -> str:
    fact = (facts or {})[key]
    return f'<a linktype="fact" id="{fact.pk}">{html.escape(format_fact(fact))}</a>'


def demo_image(name: str):
    """The Wagtail image for one of the demo's figures, drawn and stored on first use."""
    figure = FIGURES[name]
    Image = get_image_model()
    image = Image.objects.filter(title=figure["title"]).first()
    if image is None:
        png = io.BytesIO()
        figure["draw"]().save(png, format="PNG", optimize=True)
        image = Image(title=figure["title"], description=figure["alt_text"])
        image.file = ImageFile(png, name=f"demo-{name}.png")
        image.save()
    return image
