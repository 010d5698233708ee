"""What the fault cases share: their delays, their result line, the processes they act on
(`Banc`), depositing a draft over HTTP and counting what one deposit produced."""

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count

from django.db import connections

from bench import config, load
from tests.demandes import parcours

DELAI_REPONSE = 3.0  # a deposit answers within this, whatever Redis does
DELAI_LIVRAISON = 150.0  # how long the harness waits for a mail or a PDF
CALME = 5.0  # after a delivery, how long to watch for a duplicate
DELAI_PORTAIL = 60.0  # the portal answers again within this after a PostgreSQL restart


@dataclass
class Resultat:
    numero: int
    titre: str
    ok: bool | None  # None: not run
    delai: str
    detail: str

    def ligne(self) -> str:
        statut = {True: "PASS", False: "FAIL", None: "NON FAIT"}[self.ok]
        return f"{statut} {self.numero}. {self.titre} — {self.delai} — {self.detail}"


def attendre(condition: Callable[[], bool], timeout: float, pas: float = 0.2) -> float | None:
    """Seconds until `condition()` held, None if it never did within `timeout`."""
    debut = time.monotonic()
    while time.monotonic() - debut < timeout:
        try:
            if condition():
                return time.monotonic() - debut
        except Exception:  # the database may be restarting: ask again
            connections.close_all()
        time.sleep(pas)
    return None


class Banc:
    """The running processes and the drafts, as __main__ prepared them."""

    def __init__(self, *, port, redis, puits, worker, beat, postgres, comptes, env):
        self.port = port
        self.redis = redis
        self.puits = puits
        self.worker = worker
        self.beat = beat
        self.postgres = postgres
        self.comptes = list(comptes)
        self.env = env
        self._suivant = count()

    def compte(self):
        return self.comptes[next(self._suivant)]

    def session(self, compte) -> load.Session:
        session = load.Session(self.port, compte, timeout=30)
        session.login(compte.identifiant, config.PASSWORD)
        return session


def demande_de_compte(compte):
    from demandes.models import Demande

    return Demande.objects.select_related("usager").get(pk=compte.demande)


def deposer(session: load.Session, demande) -> tuple[int, str, float]:
    """POST « déposer » (the CSRF token fetched beforehand): status, Location, seconds."""
    from urllib.parse import urlencode

    chemin = parcours.url(demande, "recapitulatif")
    jeton = session.csrf_token(chemin)
    corps = urlencode(
        {"action": "deposer", "observations": "", "csrfmiddlewaretoken": jeton}
    ).encode()
    return poster(session, chemin, corps)


def poster(session, chemin, corps) -> tuple[int, str, float]:
    debut = time.monotonic()
    statut, reponse, _contenu = session.request(
        "POST", chemin, body=corps, headers=session.form_headers(chemin)
    )
    return statut, reponse.getheader("Location", ""), time.monotonic() - debut


def comptes_du_depot(demande) -> dict[str, int]:
    from attestations.models import Attestation
    from demandes.models import SuiteDepot
    from notifications.models import Notification

    suite = SuiteDepot.objects.filter(demande=demande).first()
    return {
        "pdf": Attestation.objects.filter(
            demande=demande, type="depot", rendue_le__isnull=False
        ).count(),
        "pdf_lignes": Attestation.objects.filter(demande=demande, type="depot").count(),
        "notification": Notification.objects.filter(demande=demande).count(),
        "courriel_lignes": courriels_du_depot(demande).count(),
        "suite_faite": int(suite is not None and suite.statut == "faite"),
    }


def courriels_du_depot(demande):
    """The deposit's e-mail: that of its notification « confirmation_depot » (key `depot:<pk>`)."""
    from notifications.models import Courriel

    return Courriel.objects.filter(modele="depot_confirmation", destinataire=demande.usager.email)


def livre(banc: Banc, demande) -> Callable[[], bool]:
    def condition() -> bool:
        c = comptes_du_depot(demande)
        return c["pdf"] >= 1 and len(banc.puits.pour(demande.usager.email)) >= 1

    return condition


def livre_une_fois(banc: Banc, demande) -> tuple[bool, str]:
    """After CALME seconds more: exactly one mail received, one PDF, one notification."""
    time.sleep(CALME)
    c = comptes_du_depot(demande)
    mails = banc.puits.pour(demande.usager.email)
    ok = (
        len(mails) == 1
        and c["pdf"] == c["pdf_lignes"] == 1
        and c["notification"] == 1
        and c["suite_faite"] == 1
        and mails[0].pieces_jointes
    )
    pieces = ", ".join(mails[0].pieces_jointes) if mails else "-"
    return bool(ok), (
        f"{len(mails)} courriel(s) reçu(s) ({pieces}), "
        f"{c['pdf']} PDF, {c['notification']} notification"
    )


def depot_commite(demande) -> bool:
    from demandes.models import SuiteDepot

    demande.refresh_from_db()
    return (
        demande.etat == "deposee"
        and demande.numero is not None
        and SuiteDepot.objects.filter(demande=demande).exists()
    )


def publications(banc: Banc, demande) -> int:
    entetes = [json.loads(m)["headers"] for m in banc.redis.messages_en_file()]
    return sum(
        1
        for e in entetes
        if e.get("task") == "demandes.tasks.apres_depot" and e.get("argsrepr") == f"({demande.pk},)"
    )
