from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def search_preview_script():
    return format_html('<script src="{}"></script>', static("questions/search-preview.js"))


@hooks.register("insert_global_admin_css")
def search_preview_style():
    return format_html('<link rel="stylesheet" href="{}">', static("questions/search-preview.css"))
