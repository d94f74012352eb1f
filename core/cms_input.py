"""Typed input for Wagtail's own admin views (everything under ``/cms/``).

Wagtail's views read a few dozen query and form parameters and path ids and pass many of them on
unparsed: ``?id=abc`` reaches ``Document.objects.filter(id="abc")`` (ValueError),
``?next=abc`` reaches ``redirect("abc")`` (NoReverseMatch), ``<str:pk>`` in a chooser reaches an
integer primary key. The project does not patch those views; it parses what they read before they
run, in ``InputGuardMiddleware.process_view``, the same way ``core.params`` does for the portal's
own views. A value that does not parse is a 400 naming the parameter; a path id that cannot name an
object is a 404. Known defects of the dependency that the guard cannot prevent by parsing (a view
that raises on a missing or tampered hidden field) are listed in ``DEPENDENCY_INPUT_ERRORS`` and
answered 400.

The table is the list of parameters Wagtail 7/8's admin reads (``request.GET`` / ``request.POST``
in its views and admin API); ``tests/core/test_url_walk.py`` walks every ``/cms/`` URL as every
role with malformed values for each of them and fails on any 5xx, so a Wagtail upgrade that adds a
parameter shows up there.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from core.params import MAX_ID, InvalidParameter, has_control_characters

#: Query / form parameters whose values are ids or counts in Wagtail's admin (each value of a list).
INTEGER_PARAMETERS = frozenset(
    {
        "id",  # chooser "chosen-multiple", bulk actions
        "p",  # page number of listings
        "parent_page_id",  # page chooser, link choosers
        "collection_id",
        "collection",  # image / document forms and filters
        "child_of",  # admin API
        "descendant_of",
        "ancestor_of",
        "offset",
        "limit",
        "revision_id",
        "overwrite_revision_id",
        "loaded_revision_id",
        "translation_of",
        "new_parent_page",  # copy page form
        "width",
        "height",
    }
)
#: Where Wagtail reads the page to go back to; it must be a path on this site.
NEXT_PARAMETER = "next"
#: URL names (namespace:name) whose path ids name a page to act on: the tree's root is not one.
PAGE_ACTION_KWARGS = ("page_id", "page_to_move_id")


def _dependency_input_errors() -> dict[str, tuple[type[BaseException], ...]]:
    """Wagtail views that raise on a malformed request instead of refusing it, and what they raise."""
    from modelsearch.backends.base import FilterFieldError

    return {
        # A hidden field that does not unsign: the form's clean() reads `BadSignature.message`.
        "wagtailredirects:process_import": (AttributeError, KeyError),
        # An empty URL field reaches URLOrAbsolutePathField.to_python(None).
        "wagtailadmin_choose_page_external_link": (AttributeError,),
        # The snippet chooser's "create" view has no creation form when the model cannot be created there.
        "chosen_create": (AttributeError,),
        # ?tag= together with ?q= on the image chooser: the default Image model does not index tag names
        # as a filter field, so the search backend refuses the query.
        "wagtailimages_chooser:choose": (FilterFieldError,),
        "wagtailimages_chooser:choose_results": (FilterFieldError,),
    }


def is_cms_path(path: str) -> bool:
    return path.startswith(settings.CSP_CMS_ADMIN_PREFIX)


def is_wagtail_admin_view(request, view_func) -> bool:
    """A view of Wagtail's under /cms/ (the project's own views there, such as the login handover,
    parse their input themselves)."""
    return is_cms_path(request.path_info) and getattr(view_func, "__module__", "").startswith("wagtail.")


def check_request(request, match) -> None:
    """Raise InvalidParameter (400) or Http404 for input a Wagtail admin view could not parse."""
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    for data in sources:
        for name in INTEGER_PARAMETERS:
            for value in data.getlist(name):
                _check_integer(name, value)
        for value in data.getlist(NEXT_PARAMETER):
            _check_next(request, value)
    # Listing filters take ids under many names (site, owner, content_type...): a number no bigint
    # holds is refused under any name but the search box's.
    for name, values in request.GET.lists():
        for value in values:
            if name != "q" and value.strip().isascii() and value.strip().isdigit():
                _check_integer(name, value)
    _check_path(match)


def _check_integer(name: str, value: str) -> None:
    value = value.strip()
    if not value:
        return
    if not value.isascii() or not value.lstrip("-").isdigit():
        raise InvalidParameter(name, _("Expected a whole number."))
    if abs(int(value)) > MAX_ID:
        raise InvalidParameter(name, _("Expected a number of at most %(max)d.") % {"max": MAX_ID})


def _check_next(request, value: str) -> None:
    from django.utils.http import url_has_allowed_host_and_scheme

    if not value:
        return
    if (
        not value.startswith("/")
        or has_control_characters(value)
        or not url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()})
    ):
        raise InvalidParameter(NEXT_PARAMETER, _("Expected a path on this site, starting with /."))


def _check_path(match) -> None:
    kwargs = match.kwargs
    for name in PAGE_ACTION_KWARGS:
        if name in kwargs and _is_root_page(kwargs[name]):
            raise Http404
    if "pk" in kwargs and isinstance(kwargs["pk"], str):
        model = _view_model(match.func)
        if model is not None:
            from django.contrib.admin.utils import unquote

            try:
                model._meta.pk.to_python(unquote(kwargs["pk"]))
            except (ValidationError, ValueError, TypeError):
                raise Http404 from None


def _is_root_page(page_id) -> bool:
    from wagtail.models import Page

    return Page.objects.filter(pk=page_id, depth=1).exists()


def _view_model(view_func):
    """The model a class-based Wagtail view was built for (``as_view(model=...)`` or its class)."""
    model = getattr(view_func, "view_initkwargs", {}).get("model") or getattr(
        getattr(view_func, "view_class", None), "model", None
    )
    if isinstance(model, str):
        from wagtail.coreutils import resolve_model_string

        try:
            model = resolve_model_string(model)
        except (LookupError, ValueError):
            return None
    return model


def dependency_input_error(request, exception) -> bool:
    """Whether `exception` is a known Wagtail defect on malformed input for this request's view."""
    match = getattr(request, "resolver_match", None)
    if match is None or not is_cms_path(request.path_info):
        return False
    known = _dependency_input_errors()
    names = [match.view_name, f"{match.namespaces[0]}:{match.url_name}" if match.namespaces else "", match.url_name]
    if match.url_name == "create" and match.namespaces and match.namespaces[0].startswith("wagtailsnippetchoosers_"):
        names.append("chosen_create")
    return any(isinstance(exception, known.get(name, ())) for name in names if name)
