from wagtail.models import Site


def site(request):
    """The site's name, for the header and footer of every page."""
    current = Site.find_for_request(request)
    return {"site_name": current.site_name if current and current.site_name else "Plainly"}
