from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by HR / administrators, never by self sign-up."""

    def is_open_for_signup(self, request):
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on links to existing portal users only (matched by e-mail)."""

    def is_open_for_signup(self, request, sociallogin):
        return False
