from django.urls import path

from plainly.discussion import views

app_name = "discussion"

urlpatterns = [
    path("form-token/", views.form_token, name="form_token"),
    path("questions/<int:page_id>/comments/", views.post_comment, name="post"),
    path("comments/<int:comment_id>/reply/", views.reply, name="reply"),
    path("comments/<int:comment_id>/edit/", views.edit_comment, name="edit"),
    path("comments/<int:comment_id>/delete/", views.delete_comment, name="delete"),
    path("comments/<int:comment_id>/flag/", views.flag_comment, name="flag"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
