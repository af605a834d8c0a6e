"""The blocks an editor composes a question's body from."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript", "subscript"]


class FigureBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "image"
        template = "questions/blocks/figure.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(max_length=1500)
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "questions/blocks/quote.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES)
    heading = blocks.CharBlock(
        max_length=120,
        form_classname="title",
        template="questions/blocks/heading.html",
        help_text="A subheading within the answer.",
    )
    image = FigureBlock()
    quote = QuoteBlock()
