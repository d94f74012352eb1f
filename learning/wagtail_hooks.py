"""Registration only: learning paths as snippets, grouped in a menu.

Nothing here writes on a page view: a lesson's visit arrives by a POST from the page
(`learning.views.lesson_progress`)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
