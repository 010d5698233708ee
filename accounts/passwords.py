"""The password policy of the service (README.md, « Security »), each unmet rule named in the
error."""

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The service's own pages print two different lists of special characters (one without « + , »,
# the other without « . »): accept their union.
SPECIAL_CHARACTERS = '!"#$%&()*+,-./=>?@_'
MIN_LENGTH = 8

RULES = [
    ("longueur", _("au moins 8 caractères"), lambda p: len(p) >= MIN_LENGTH),
    ("majuscule", _("une majuscule"), lambda p: any(c.isupper() for c in p)),
    ("minuscule", _("une minuscule"), lambda p: any(c.islower() for c in p)),
    (
        "special",
        lazy(
            lambda: gettext("un caractère spécial parmi %(chars)s") % {"chars": SPECIAL_CHARACTERS},
            str,
        )(),
        lambda p: any(c in SPECIAL_CHARACTERS for c in p),
    ),
    ("chiffre", _("un chiffre"), lambda p: any(c.isdigit() for c in p)),
]

POLICY_TEXT = lazy(
    lambda: (
        gettext(
            "Format attendu : au moins 8 caractères, une majuscule, une minuscule, un caractère "
            "spécial %(chars)s et un chiffre."
        )
        % {"chars": SPECIAL_CHARACTERS}
    ),
    str,
)()


def unmet_rules(password: str) -> list[str]:
    return [str(label) for _code, label, check in RULES if not check(password)]


class AnefPasswordPolicyValidator:
    def validate(self, password, user=None):
        missing = unmet_rules(password)
        if missing:
            raise ValidationError(
                gettext("Le mot de passe doit contenir : %(rules)s.")
                % {"rules": ", ".join(missing)},
                code="password_policy",
            )

    def get_help_text(self):
        return POLICY_TEXT
