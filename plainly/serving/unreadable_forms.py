"""A form sent in a shape its view cannot read is the sender's mistake: 400, not 500.

Some views read submissions without checking them first. Wagtail's page editor reads its
StreamField's ``body-count`` straight from ``request.POST`` (missing: KeyError; ``nine``:
ValueError), its link chooser calls ``str.startswith`` on a URL that may be absent, its redirect
import unsigns fields that may not be there, and a snippet chooser without a creation form still
takes posts to it. Each raised before anything was saved, and each was a server error.

Such a request now gets the site's 400 page, with the error in the log. Only errors raised in
the libraries' own code while reading a request are treated so: an error raised in Plainly's own
code is a fault of ours and is left to surface as one.
"""

import os

import django
import wagtail
from django.core.exceptions import BadRequest
from django.core.handlers.exception import response_for_exception
from django.utils.datastructures import MultiValueDictKeyError

# What reading an unexpected shape of data raises.
READING_ERRORS = (KeyError, ValueError, TypeError, AttributeError, IndexError)
# Code whose errors on a submission are taken to be about the submission.
LIBRARIES = tuple(os.path.dirname(module.__file__) + os.sep for module in (django, wagtail))


def raised_in_a_library(exception: BaseException) -> bool:
    traceback = exception.__traceback__
    while traceback.tb_next:
        traceback = traceback.tb_next
    return traceback.tb_frame.f_code.co_filename.startswith(LIBRARIES)


def unread_field(request, exception: BaseException) -> bool:
    """A field the view read outright, that the request did not send."""
    if not isinstance(exception, MultiValueDictKeyError) or not exception.args:
        return False
    field = exception.args[0]
    return not any(field in sent for sent in (request.GET, request.POST, request.FILES))


def unreadable(request, exception: BaseException) -> bool:
    if unread_field(request, exception):
        return True
    return (
        request.method == "POST"
        and request.path_info.startswith("/admin/")
        and isinstance(exception, READING_ERRORS)
        and raised_in_a_library(exception)
    )


class UnreadableFormMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not unreadable(request, exception):
            return None
        refused = BadRequest(f"The submission could not be read: {exception!r}")
        refused.__cause__ = exception
        return response_for_exception(request, refused)
