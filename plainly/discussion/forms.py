from django import forms

from plainly.accounts.forms import clean_display_name
from plainly.discussion.markup import MAX_LENGTH
from plainly.discussion.posting import Draft


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
        return clean_display_name(self.cleaned_data.get("name", "")) if self.anonymous else ""

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    @property
    def draft(self) -> Draft:
        return Draft(
            body=self.cleaned_data["body"],
            parent_id=self.cleaned_data["parent"],
            author_name=self.cleaned_data.get("name", ""),
            author_email=self.cleaned_data.get("email", ""),
        )


class EditCommentForm(forms.Form):
    body = CommentForm.base_fields["body"]

    def clean_body(self) -> str:
        return CommentForm.clean_body(self)
