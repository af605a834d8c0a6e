"""The blocks an editor composes a question's body from."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock, ImageBlockAdapter

# "fact": a sourced, dated figure from Facts, shown as it is now (plainly.facts.rich_text).
PARAGRAPH_FEATURES = ["bold", "italic", "link", "fact", "ol", "ul", "superscript", "subscript"]
# An FAQ answer is a few short paragraphs: emphasis, links and facts, no lists.
ANSWER_FEATURES = ["bold", "italic", "link", "fact"]
# The short answer is plain words, which also serve as the page's description, and facts.
SHORT_ANSWER_FEATURES = ["fact"]


def as_the_editor_saves(html: str, features: list[str] = PARAGRAPH_FEATURES) -> str:
    """Rich text's HTML as the page editor would store it (with ``features``), each block with
    its key.

    Text written elsewhere (the demo, an import) would otherwise gain keys at its first edit,
    and History would show every paragraph as changed.
    """
    # Imported here: the converter needs the models, which need these blocks.
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features)
    return converter.to_database_format(converter.from_database_format(html))


class AltTextImageBlock(ImageBlock):
    """Wagtail's image with alt text, which falls back to the image's title when the library
    has no alt text for it: a title made from the file name ("IMG_2041"). That is refused."""

    def clean(self, value):
        value = super().clean(value)
        if (
            not self.is_deferred_validation
            and value
            and not value.decorative
            and not value.description
            and value.contextual_alt_text == value.title
        ):
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        "This is the image's title, made from its file name. Describe what "
                        "the image shows, or mark it as decorative."
                    )
                }
            )
        return value


class AltTextImageBlockAdapter(ImageBlockAdapter):
    # The same editor, but it leaves the alt text empty rather than copy in the title.
    js_constructor = "plainly.questions.blocks.AltTextImageBlock"

    @cached_property
    def media(self):
        return super().media + forms.Media(js=["questions/alt-text.js"])


register(AltTextImageBlockAdapter(), AltTextImageBlock)


class FigureBlock(blocks.StructBlock):
    image = AltTextImageBlock()
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
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, template="questions/blocks/paragraph.html"
    )
    heading = blocks.CharBlock(
        max_length=120,
        form_classname="title",
        template="questions/blocks/heading.html",
        help_text="A subheading within the answer.",
    )
    image = FigureBlock()
    quote = QuoteBlock()
