from django.urls import path

from plainly.readers import views

urlpatterns = [
    path("helpful/", views.helpful, name="readers_helpful"),
    path("search-opened/", views.search_opened, name="readers_search_opened"),
]
