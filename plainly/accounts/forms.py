from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth.hashers import make_password

from plainly.accounts.models import User, name_is_taken
from plainly.accounts.names import check_display_name
from plainly.accounts.staff import is_staff

DISPLAY_NAME_HELP = "Shown with your comments. You can change it later."


def clean_display_name(value: str, *, user=None) -> str:
    """The name as readers will see it; refused if it passes for another member's or, for
    anyone but staff, for the site's staff."""
    name = " ".join(value.split())
    if not name:
        raise forms.ValidationError("Enter the name other readers will see.")
    if any(not character.isprintable() for character in name):
        raise forms.ValidationError("Use letters, numbers and punctuation only.")
    check_display_name(
        name,
        taken=name_is_taken(name, by=user),
        staff=user is not None and user.pk is not None and is_staff(user),
    )
    return name


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page offers "Forgot password?" itself, beside the other ways onward.
        self.fields["password"].help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = "Remember me on this device"


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(label="Display name", max_length=60, help_text=DISPLAY_NAME_HELP)
    field_order = ["email", "display_name", "password1", "password2"]

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])

    password_hash: str | None = None

    def hash_password(self) -> None:
        """Hash the new password, the slow part of registering, before anything is written.

        A known address pays the same cost, so that the time a registration takes does not
        tell whether the address already has an account.
        """
        self.password_hash = make_password(self.cleaned_data["password1"])

    def try_save(self, request):
        if self.password_hash is None:
            self.hash_password()
        return super().try_save(request)


class SentenceCaseLabels:
    """allauth labels its fields in Title Case; the site writes labels as sentences."""

    labels = {
        "oldpassword": "Current password",
        "password1": "New password",
        "password2": "New password (again)",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].widget.attrs.pop("placeholder", None)


class ChangePasswordForm(SentenceCaseLabels, AllauthChangePasswordForm):
    pass


class ResetPasswordKeyForm(SentenceCaseLabels, AllauthResetPasswordKeyForm):
    pass


class DisplayNameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]
        labels = {"display_name": "Display name"}
        help_texts = {"display_name": DISPLAY_NAME_HELP}

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"], user=self.instance)


class DeleteAccountForm(forms.Form):
    KEEP, REMOVE = "keep", "remove"
    comments = forms.ChoiceField(
        label="Your comments",
        choices=[
            (KEEP, "Keep them, shown as from “a former member”"),
            (REMOVE, "Remove them"),
        ],
        widget=forms.RadioSelect,
        initial=KEEP,
    )
    confirm = forms.BooleanField(
        label="I understand that my account is deleted for good and cannot be restored."
    )

    @property
    def keep_comments(self) -> bool:
        return self.cleaned_data["comments"] == self.KEEP
