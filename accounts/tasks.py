from celery import shared_task

from accounts import services


@shared_task(ignore_result=True)
def reinitialisation_demander(identifiant: str) -> None:
    """The reset request's lookup and mail, off the web request: the page answers in the same
    time whether the identifier exists or not."""
    services.mot_de_passe_reinitialisation_demander(identifiant=identifiant)
