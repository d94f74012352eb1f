"""Serving a Wagtail page without walking the tree: the site from the cache, the page by its `url_path`.

Wagtail routes `/academia/curso/leccion/` a level at a time (each level's child, then its `.specific`:
six queries for a lesson), finds the site with a query on every request, and its view-restriction
hook reads the page's ancestors and their restrictions (two more). `PageRouteMiddleware` does the same
work before Wagtail's `serve` view runs and leaves the answers where Wagtail looks for them
(`request._wagtail_site`, `request._wagtail_route_for_request`), so Wagtail's view, hooks and
`serve()` run unchanged:

1. the site: `find_site()` — Wagtail's own hostname/port match, its answer kept in the cache per
   host and port, cleared when a site or a site's root page changes;
2. the page: one query on `url_path` (the site root's path in the active language + the request's
   path) for the specific model, found through a route hint in the cache (url_path → content type and
   id). A hint is only a hint: the row read must still have that `url_path`, so a moved or deleted
   page falls back to the query by `url_path` alone (two queries), never to a wrong page. The same
   query says whether the page or an ancestor carries a view restriction or is an alias;
   `RoutedPageMixin.get_view_restrictions` then answers "none" without a query when it does not.

Anything this does not handle exactly as Wagtail would — a page model that overrides `route()`
(RoutablePageMixin), a language with no translated site root, a path that is not a page — is left to
Wagtail's own routing, which then runs as before.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Exists, F, OuterRef
from django.db.models.lookups import StartsWith
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site, get_page_models
from wagtail.models.sites import get_site_for_hostname
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.url_routing import RouteResult

SITES_KEY = "acredita:sites:v1"
ROUTE_KEY = "acredita:route:v1:"
ROUTE_TIMEOUT = 24 * 3600

_route_overridden: bool | None = None
_locale_ids: dict[str, int] = {}


def _any_model_overrides_route() -> bool:
    """True when some page model routes its own way (then the tree walk is the only right answer)."""
    global _route_overridden
    if _route_overridden is None:
        _route_overridden = any(model.route is not Page.route for model in get_page_models())
    return _route_overridden


def _language() -> str:
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return ""


def active_locale_id() -> int | None:
    """The id of the Locale of the active language, read once per process (Locale.get_active queries)."""
    language = _language()
    if language not in _locale_ids:
        locale = Locale.objects.filter(language_code=language).values_list("pk", flat=True).first()
        if locale is None:
            return None
        _locale_ids[language] = locale
    return _locale_ids[language]


def default_locale_id() -> int | None:
    """The id of the default language's Locale (the source locale of every page), read once per process."""
    from django.conf import settings

    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    key = f"default:{language}"
    if key not in _locale_ids:
        locale = Locale.objects.filter(language_code=language).values_list("pk", flat=True).first()
        if locale is None:
            return None
        _locale_ids[key] = locale
    return _locale_ids[key]


def canonical(page):
    """The source-locale (default language) copy of `page`, specific, or `page` itself when it is that
    copy or has none. What a reader does on a translation (a visit, a completion, an attempt) counts on
    this page, so the numbers are the same in every language. No query for a page already canonical."""
    default = default_locale_id()
    if page is None or default is None or page.locale_id == default:
        return page
    source = type(page)._default_manager.filter(translation_key=page.translation_key, locale_id=default).first()
    return source if source is not None else page


def localized(page):
    """`page.localized` without a query when the page is already in the active language."""
    if page.locale_id == active_locale_id():
        return page
    return page.localized


def find_site(request) -> Site | None:
    """Wagtail's Site.find_for_request, with the answer per host and port kept in the cache."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    from django.http.request import split_domain_port

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    key = f"{hostname}:{port}"
    sites = cache.get(SITES_KEY) or {}
    if key not in sites:
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            site = None
        roots = {}
        if site is not None:  # as `site.root_page.localized`: the live translation of the root, else the root
            roots = dict(
                Page.objects.filter(translation_key=site.root_page.translation_key, live=True)
                .exclude(pk=site.root_page.pk)
                .values_list("locale__language_code", "url_path")
                .order_by()
            )
        sites[key] = (site, roots)
        cache.set(SITES_KEY, sites, ROUTE_TIMEOUT)
    site, roots = sites[key]
    request._wagtail_site = site
    request._acredita_site_roots = roots
    return site


def _with_checks(model, **lookup):
    """`model` rows, each annotated with whether it or an ancestor has a view restriction or is an alias
    (ancestors-or-self: the pages whose path the row's path starts with)."""
    restrictions = PageViewRestriction.objects.filter(StartsWith(OuterRef("path"), F("page__path")))
    aliases = Page.objects.filter(StartsWith(OuterRef("path"), F("path")), alias_of__isnull=False)
    return model._default_manager.filter(**lookup).annotate(_acredita_restricted=Exists(restrictions) | Exists(aliases))


def route_page(request, path: str) -> Page | None:
    """The live specific page at `path` for this request, or None to let Wagtail route it."""
    if _any_model_overrides_route():
        return None
    site = find_site(request)
    if site is None:
        return None
    root_path = request._acredita_site_roots.get(_language(), site.root_page.url_path)
    components = [c for c in path.split("/") if c]
    url_path = root_path + "".join(f"{c}/" for c in components)
    page = None
    hint = cache.get(ROUTE_KEY + url_path)
    if hint is not None:
        model = _model_for(hint[0])
        if model is not None:
            page = _with_checks(model, pk=hint[1], url_path=url_path).first()
    if page is None:
        rows = list(Page.objects.filter(url_path=url_path).values_list("pk", "content_type_id")[:2])
        if len(rows) != 1:
            return None
        pk, content_type_id = rows[0]
        model = _model_for(content_type_id)
        if model is None:
            return None
        page = _with_checks(model, pk=pk).first()
        if page is None:
            return None
        cache.set(ROUTE_KEY + url_path, (content_type_id, pk), ROUTE_TIMEOUT)
    return page


def _model_for(content_type_id: int):
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model if model is not None and issubclass(model, Page) else None


class RoutedPageMixin:
    """For page models: no view-restriction query when the router found none on the page or above."""

    def get_view_restrictions(self):
        if getattr(self, "_acredita_restricted", None) is False:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class PageRouteMiddleware:
    """Fills in Wagtail's route for `wagtail.views.serve` (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from wagtail import views as wagtail_views  # not at import time: content.models imports this module

        if view_func is not wagtail_views.serve or hasattr(request, "_wagtail_route_for_request"):
            return None
        page = route_page(request, view_kwargs.get("path", view_args[0] if view_args else ""))
        if page is not None:
            # As Wagtail's Page.route: only a live page is served (a draft is a 404).
            request._wagtail_route_for_request = RouteResult(page) if page.live else None
        return None


# --- keeping the caches true -------------------------------------------------------------------


def _forget_sites(**kwargs) -> None:
    cache.delete(SITES_KEY)


def _forget_route(instance, **kwargs) -> None:
    if isinstance(instance, Page) and instance.url_path:
        cache.delete(ROUTE_KEY + instance.url_path)
        if instance.depth is not None and instance.depth <= 2:
            _forget_sites()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def _site_changed(sender, **kwargs):
    _forget_sites()


@receiver(page_published)
@receiver(page_unpublished)
def _page_state_changed(sender, instance, **kwargs):
    _forget_route(instance)


@receiver(post_page_move)
def _page_moved(sender, instance, url_path_before="", **kwargs):
    if url_path_before:
        cache.delete(ROUTE_KEY + url_path_before)
    _forget_route(instance)


@receiver(post_delete, sender=Page)  # a page's base row (never sender-less: that would end Django's fast deletes)
def _page_deleted(sender, instance, **kwargs):
    _forget_route(instance)


@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def _locale_changed(sender, **kwargs):
    _locale_ids.clear()
