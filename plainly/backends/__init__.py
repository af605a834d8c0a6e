"""Plainly's own backends for Django: the cache, static files, sessions and outgoing mail."""
