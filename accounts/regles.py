"""Rules of the account forms that are not about one row: attempt caps."""

from django.conf import settings

from accounts import limites


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
