from plainly.serving.request_site import site_name


def site(request):
    """The site's name, for the header and footer of every page."""
    return {"site_name": site_name(request)}
