"""What stands between the web server and Django's views.

The WSGI layers ``plainly.wsgi`` stacks in front of Django (the access log, health probes,
metrics, the body limit) answer what needs no page at all, and the middleware (security headers,
the request's site, forms sent in a shape a view cannot read) prepares what reaches a view.
"""
