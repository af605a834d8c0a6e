"""Members and staff for tests, made the way the site makes them."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from plainly.accounts.models import User
from plainly.accounts.two_factor import activate_authenticator

PASSWORD = "a long enough test password"


def make_member(
    name: str = "Alice",
    *,
    email: str | None = None,
    verified: bool = True,
    password: str = PASSWORD,
) -> User:
    email = email or f"{name.lower()}@example.org"
    user = User.objects.create_user(
        username=name.lower(), email=email, password=password, display_name=name
    )
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def make_staff(
    name: str, *, group: str | None = None, superuser: bool = False, two_factor: bool = True
) -> User:
    """A member of staff; ``two_factor`` gives them an authenticator, whose secret they keep."""
    user = make_member(name)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if superuser:
        user.is_staff = user.is_superuser = True
        user.save()
    if two_factor:
        user.totp_secret = activate_authenticator(user)
    return user
