from django.dispatch import Signal

# Sent just before a member's account is deleted, with ``user`` and ``keep_comments``, so that
# the apps holding what they wrote can keep it anonymously or remove it, as the member chose.
member_leaving = Signal()

# Sent when a member's public name changes, with ``user``: pages showing their words show it too.
member_renamed = Signal()
