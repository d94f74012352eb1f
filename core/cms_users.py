"""Wagtail's user editor without the "Administrator" (superuser) checkbox and with the portal role
instead: privileges come from the role alone (User.save derives is_superuser and is_staff from it),
and every role change made here is audited like any other (core.receivers)."""

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet


class RoleUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = (UserCreationForm.Meta.fields - {"is_superuser"}) | {"role"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("is_superuser", None)


class RoleUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = (UserEditForm.Meta.fields - {"is_superuser"}) | {"role"}

    def __init__(self, *args, **kwargs):
        editing_self = kwargs.get("editing_self", False)
        super().__init__(*args, **kwargs)
        self.fields.pop("is_superuser", None)
        if editing_self:
            self.fields.pop("role", None)  # nobody changes their own role (nor locks themselves out)


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return RoleUserEditForm if for_update else RoleUserCreationForm
