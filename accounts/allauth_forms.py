"""allauth's forms as the portal shows them (settings.ACCOUNT_FORMS).

Apart from accounts.forms, which allauth imports while its own forms module loads
(ACCOUNT_SIGNUP_FORM_CLASS)."""

from allauth.account.forms import LoginForm as AllauthLoginForm


class LoginForm(AllauthLoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            # The label follows its checkbox: "Remember me", not "Remember me:".
            self.fields["remember"].label_suffix = ""
