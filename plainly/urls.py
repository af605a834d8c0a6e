from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from plainly import views
from plainly.editorial import views as editorial_views
from plainly.pagecache import shared
from plainly.questions import views as questions_views
from plainly.readers import ask_views
from plainly.search import feeds
from plainly.search import views as search_views
from plainly.search.api import api

urlpatterns = [
    # Staff sign in like members, with the same rate limits and second factor.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        questions_views.authenticate_with_collection_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("plainly.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("discussion/", include("plainly.discussion.urls")),
    path("readers/", include("plainly.readers.urls")),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggestions, name="search_suggest"),
    path("search/similar/", search_views.similar, name="search_similar"),
    path("ask/", ask_views.ask, name="ask"),
    path("api/", api.urls),
    # The same for every reader, so shared caches keep them until a page they list changes.
    path("feeds/latest.atom", shared(feeds.LatestQuestionsFeed()), name="feed_latest"),
    path("feeds/topics/<slug:slug>.atom", shared(feeds.TopicFeed()), name="feed_topic"),
    path("sitemap.xml", shared(sitemap), name="sitemap"),
    path("corrections/", shared(editorial_views.corrections), name="corrections"),
    path("robots.txt", views.robots_txt, name="robots"),
    re_path(
        rf"^{settings.MEDIA_URL.lstrip('/')}(?P<folder>{'|'.join(views.IMAGE_FOLDERS)})/(?P<path>.+)$",
        views.media_image,
    ),
]

handler500 = views.server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Passwords of private pages (and collections, above) are guessed no faster than sign-ins;
# Wagtail's own views take them.
urlpatterns.append(
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        questions_views.authenticate_with_page_password,
        name="wagtailcore_authenticate_with_password",
    )
)
# Wagtail's page tree answers every other path, so it comes last.
urlpatterns.append(path("", include(wagtail_urls)))
