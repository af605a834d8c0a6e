"""schema.org JSON-LD for question pages: an ``Article``, plus a ``FAQPage`` when there are FAQs."""

import json
from typing import TYPE_CHECKING

from django.utils.html import format_html
from django.utils.safestring import SafeString

from plainly.facts.rich_text import text_with_figures

if TYPE_CHECKING:
    from plainly.facts.models import Fact
    from plainly.questions.models import Correction, FAQItem, QuestionPage

# The same escapes as Django's json_script: nothing in the data can close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def for_question(
    page: "QuestionPage",
    *,
    url: str,
    faq_items: list["FAQItem"],
    facts: dict[int, "Fact"],
    corrections: list["Correction"] = (),
    site_name: str,
    image_url: str | None = None,
) -> list[dict]:
    """The JSON-LD documents describing ``page``: one Article, and one FAQPage if it has FAQs
    (their answers as words, with the ``facts`` they show)."""
    article = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "description": page.summary,
        "url": url,
        "mainEntityOfPage": url,
        "author": (
            {"@type": "Person", "name": page.byline}
            if page.byline
            else {"@type": "Organization", "name": site_name}
        ),
        "dateModified": page.modified_at.isoformat(),
        "lastReviewed": page.last_reviewed.isoformat(),
    }
    if page.reviewed_by:
        article["reviewedBy"] = {"@type": "Person", "name": page.reviewed_by.public_name}
    if image_url:
        article["image"] = [image_url]
    if corrections:
        article["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": correction.date.isoformat(),
            }
            for correction in corrections
        ]
    if page.first_published_at:
        article["datePublished"] = page.first_published_at.isoformat()
    if site_name:
        article["publisher"] = {"@type": "Organization", "name": site_name}
    documents = [article]
    if faq_items:
        documents.append(
            {
                "@context": "https://schema.org",
                "@type": "FAQPage",
                "url": url,
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": item.question,
                        "acceptedAnswer": {
                            "@type": "Answer",
                            "text": text_with_figures(item.answer, facts),
                        },
                    }
                    for item in faq_items
                ],
            }
        )
    return documents


def as_script(document: dict) -> SafeString:
    """``document`` as a ``<script type="application/ld+json">`` element, safe to embed in HTML."""
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).translate(
        _SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', SafeString(data))
