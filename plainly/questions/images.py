"""The image library's form, which asks for alt text instead of leaving it to the file name."""

from wagtail.images.forms import BaseImageForm

ALT_TEXT_HELP = (
    "What the image shows, for readers who cannot see it: it is read aloud in its place. "
    "Leave it empty only if the image is decoration."
)
MISSING_ALT_TEXT = (
    "This image has no alt text yet. Pages using it must describe it themselves, or readers "
    "who cannot see it are told nothing."
)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            alt_text = self.fields["description"]
            alt_text.label = "Alt text"
            alt_text.help_text = ALT_TEXT_HELP
            if self.instance.pk and not self.instance.description:
                alt_text.help_text = f"{MISSING_ALT_TEXT} {ALT_TEXT_HELP}"
