from django import forms
from django.core import signing

from plainly.discussion.markup import MAX_LENGTH

STARTED_SALT = "plainly.discussion.started"


def started_token(now: float) -> str:
    """A signed note of when the reader began writing, checked when the comment arrives."""
    return signing.dumps(now, salt=STARTED_SALT)


def started_at(token: str) -> float | None:
    try:
        return float(signing.loads(token, salt=STARTED_SALT, max_age=24 * 60 * 60))
    except (signing.BadSignature, TypeError, ValueError):
        return None


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Plain text. *Emphasis*, [links](https://example.org), lists and > quotes work.",
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    name = forms.CharField(label="Your name", max_length=60, required=False)
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        required=False,
        help_text="Never shown. We write only to tell you of replies.",
    )
    # A field people never see: only robots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, anonymous: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.anonymous = anonymous
        if anonymous:
            self.fields["name"].required = True
            self.fields["email"].required = True
        else:
            del self.fields["name"], self.fields["email"]

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write something before you send it.")
        return body

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data.get("name", "").split())
        if self.anonymous and not name:
            raise forms.ValidationError("Tell us the name to show with your comment.")
        if any(not character.isprintable() for character in name):
            raise forms.ValidationError("Use letters, numbers and punctuation only.")
        return name

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class EditCommentForm(forms.Form):
    body = CommentForm.base_fields["body"]

    def clean_body(self) -> str:
        return CommentForm.clean_body(self)
