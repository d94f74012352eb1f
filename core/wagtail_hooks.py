from wagtail import hooks

from core.admin_viewsets import OrganisationGroup


@hooks.register("register_admin_viewset")
def register_organisation():
    return OrganisationGroup()
