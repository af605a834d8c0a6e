"""Plainly's settings plus one bench-only URL: a bare view, to compare page rendering against."""

from plainly.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
