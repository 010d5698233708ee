"""Account rules that are not about one row: attempt caps, and how long a registry document
is valid, read as a person would say it."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from anef import limites


def creation_bloquee(*, numero: str, adresse: str) -> bool:
    """Too many wrong guesses of a document's validity dates, for this number (whoever asks)
    or from this address (whatever the number): guessing stops before it can succeed."""
    return (
        limites.nombre("creation-numero", numero) >= settings.ACCOUNT_CREATION_FAILURES_PER_NUMBER
        or limites.nombre("creation-adresse", adresse)
        >= settings.ACCOUNT_CREATION_FAILURES_PER_ADDRESS
    )


def creation_echec_compter(*, numero: str, adresse: str) -> None:
    fenetre = settings.ACCOUNT_LIMITS_WINDOW
    limites.compter("creation-numero", numero, fenetre=fenetre)
    limites.compter("creation-adresse", adresse, fenetre=fenetre)


def _annees(n: int) -> str:
    return _("%(n)s an") % {"n": n} if n == 1 else _("%(n)s ans") % {"n": n}


def duree_validite(debut: datetime.date, fin: datetime.date) -> str:
    """How long a document is valid, as a person counts it: « 1 an », « 2 ans », « 6 mois »,
    « 1 an et 3 mois ». Both ends are days of validity, yet titles are often printed from an
    anniversary to the same anniversary (28/02/2026–28/02/2027): either reading that falls on
    whole months wins, and a remainder of days is rounded to the nearest month."""
    ecart = relativedelta(fin + datetime.timedelta(days=1), debut)
    if ecart.days:
        anniversaire = relativedelta(fin, debut)
        if not anniversaire.days:
            ecart = anniversaire
    mois = ecart.years * 12 + ecart.months
    if mois == 0:
        jours = (fin - debut).days + 1
        return ngettext("%(n)s jour", "%(n)s jours", jours) % {"n": jours}
    if ecart.days >= 15:
        mois += 1
    annees, mois = divmod(mois, 12)
    if not mois:
        return _annees(annees)
    en_mois = _("%(n)s mois") % {"n": mois}
    if not annees:
        return en_mois
    return _("%(annees)s et %(mois)s") % {"annees": _annees(annees), "mois": en_mois}
