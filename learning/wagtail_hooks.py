"""Registration only: learning paths as snippets, grouped in a menu; lesson visits recorded on serve."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from learning import services
from learning.models import LearningPath


class LearningPathViewSet(SnippetViewSet):
    model = LearningPath
    icon = "list-ol"
    menu_label = _("Learning paths")
    list_display = ["title", "specialisation", "code"]
    list_filter = ["specialisation"]
    search_fields = ["title", "code"]


class LearningGroup(SnippetViewSetGroup):
    items = (LearningPathViewSet,)
    menu_icon = "folder-open-inverse"
    menu_label = _("Learning")
    menu_name = "learning"


register_snippet(LearningGroup)


@hooks.register("before_serve_page")
def record_lesson_visit(page, request, serve_args, serve_kwargs):
    """A lesson opened by an employee starts or resumes the course: written here, before the page
    renders, so that rendering (learning.views_pages) only reads."""
    services.lesson_visit_record(user=request.user, page=page)
