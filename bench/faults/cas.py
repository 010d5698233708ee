"""The fault cases (docs/benchmarks.md, « Fault harness »). Each returns a Resultat: PASS/FAIL,
the delay measured and what was observed; the processes are those of bench/faults/__main__.py.
Cases 1–5 here (Redis, SMTP, the worker, the relay); 6 and 7 in cas_charge.py."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable

from bench import config
from bench.faults.cas_charge import cas_6_postgres_redemarre, cas_7_complement
from bench.faults.outils import (
    DELAI_LIVRAISON,
    DELAI_REPONSE,
    Banc,
    Resultat,
    attendre,
    courriels_du_depot,
    demande_de_compte,
    deposer,
    depot_commite,
    livre,
    livre_une_fois,
    poster,
    publications,
)
from tests.demandes import parcours


def _redis_en_panne(banc: Banc, numero: int, titre: str, panne, retour) -> Resultat:
    compte = banc.compte()
    demande = demande_de_compte(compte)
    session = banc.session(compte)
    chemin = parcours.url(demande, "recapitulatif")
    from urllib.parse import urlencode

    corps = urlencode(
        {"action": "deposer", "observations": "", "csrfmiddlewaretoken": session.csrf_token(chemin)}
    ).encode()
    panne()
    try:
        statut, location, duree = poster(session, chemin, corps)
        commite = depot_commite(demande)
    finally:
        retour()
        session.close()
    reponse_ok = statut == 302 and location.endswith("/confirmation/") and duree < DELAI_REPONSE
    apres = attendre(livre(banc, demande), DELAI_LIVRAISON)
    une_fois, detail = livre_une_fois(banc, demande) if apres is not None else (False, "rien reçu")
    return Resultat(
        numero,
        titre,
        reponse_ok and commite and une_fois,
        f"réponse {statut} en {duree:.2f} s (max {DELAI_REPONSE:.0f} s), livré "
        + (f"{apres:.1f} s après le retour de Redis" if apres is not None else "jamais"),
        f"dépôt et ligne SuiteDepot commités : {'oui' if commite else 'NON'} ; {detail}",
    )


def cas_1_redis_arrete(banc: Banc) -> Resultat:
    def retour():
        banc.redis.demarrer()

    return _redis_en_panne(
        banc, 1, "Redis arrêté pendant le POST de dépôt", banc.redis.arreter, retour
    )


def cas_2_redis_gele(banc: Banc) -> Resultat:
    return _redis_en_panne(
        banc, 2, "Redis gelé (SIGSTOP) pendant le POST de dépôt", banc.redis.geler,
        banc.redis.degeler,
    )  # fmt: skip


def cas_3_smtp_arrete(banc: Banc) -> Resultat:
    compte = banc.compte()
    demande = demande_de_compte(compte)
    banc.puits.arreter()
    session = banc.session(compte)
    try:
        statut, _location, duree = deposer(session, demande)
    finally:
        session.close()
    echoue = attendre(
        lambda: courriels_du_depot(demande).filter(tentatives__gte=1).exists(),
        DELAI_LIVRAISON,
    )
    banc.puits.demarrer()
    if echoue is None:
        return Resultat(3, "SMTP arrêté puis relancé", False, "-", "aucun envoi tenté")
    apres = attendre(livre(banc, demande), DELAI_LIVRAISON)
    une_fois, detail = livre_une_fois(banc, demande) if apres is not None else (False, "rien reçu")
    tentatives = courriels_du_depot(demande).get().tentatives
    return Resultat(
        3,
        "SMTP arrêté puis relancé",
        statut == 302 and une_fois,
        f"dépôt {duree:.2f} s ; reçu "
        + (f"{apres:.1f} s après le retour du SMTP" if apres is not None else "jamais"),
        f"{tentatives} envoi(s) en échec avant ; {detail}",
    )


def _tuer_le_worker(banc: Banc) -> list[int]:
    enfants = banc.worker.enfants()
    for pid in enfants:
        os.kill(pid, signal.SIGKILL)
    return enfants


def _suite_verrouillee(demande) -> Callable[[], bool]:
    """The follow-up is running: its row is locked by the worker's transaction."""
    import psycopg

    def condition() -> bool:
        with psycopg.connect(os.environ["DATABASE_DSN_FAULTS"], autocommit=False) as conn:
            try:
                conn.execute("SET lock_timeout = '1ms'")
                conn.execute(
                    "SELECT 1 FROM demandes_suitedepot WHERE demande_id = %s FOR UPDATE NOWAIT",
                    [demande.pk],
                )
                return False
            except psycopg.errors.LockNotAvailable:
                return True
            finally:
                conn.rollback()

    return condition


def cas_4_kill_worker(banc: Banc) -> Resultat:
    details, delais, ok = [], [], True
    # Mid-render: killed while the follow-up holds its row (it renders the PDFs).
    compte = banc.compte()
    demande = demande_de_compte(compte)
    session = banc.session(compte)
    try:
        deposer(session, demande)
    finally:
        session.close()
    en_cours = attendre(_suite_verrouillee(demande), 60, pas=0.01)
    if en_cours is None:
        ok = False
        details.append("rendu : suite jamais vue en cours")
    else:
        tues = _tuer_le_worker(banc)
        apres = attendre(livre(banc, demande), DELAI_LIVRAISON)
        une_fois, detail = livre_une_fois(banc, demande) if apres is not None else (False, "rien")
        ok &= une_fois
        delais.append(
            f"rendu : reprise en {apres:.1f} s" if apres is not None else "rendu : jamais"
        )
        details.append(f"kill -9 {tues} pendant le rendu : {detail}")
    # Mid-send: killed while the SMTP sink holds its reply to the message's data.
    compte = banc.compte()
    demande = demande_de_compte(compte)
    banc.puits.retenir_le_prochain(6.0)
    abandonnes = banc.puits.boite.abandonnes
    session = banc.session(compte)
    try:
        deposer(session, demande)
    finally:
        session.close()
    if not banc.puits.boite.retenu.wait(DELAI_LIVRAISON):
        ok = False
        details.append("envoi : jamais commencé")
    else:
        tues = _tuer_le_worker(banc)
        apres = attendre(livre(banc, demande), DELAI_LIVRAISON)
        une_fois, detail = livre_une_fois(banc, demande) if apres is not None else (False, "rien")
        abandon = banc.puits.boite.abandonnes - abandonnes
        ok &= une_fois and abandon == 1
        delais.append(f"envoi : reçu en {apres:.1f} s" if apres is not None else "envoi : jamais")
        details.append(f"kill -9 {tues} pendant l'envoi ({abandon} envoi abandonné) : {detail}")
    return Resultat(
        4, "kill -9 du worker pendant le rendu et pendant l'envoi", ok, " ; ".join(delais),
        " | ".join(details),
    )  # fmt: skip


RELAIS_QUI_MEURT = """
import os, signal, django
django.setup()
from demandes import suites
n = suites.suites_relancer()
print(n, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # dies after publishing, before anything else
"""
RELAIS_SUIVANT = """
import django
django.setup()
from demandes import suites
suites.suites_relancer()
"""


def cas_5_relais_meurt(banc: Banc) -> Resultat:
    compte = banc.compte()
    demande = demande_de_compte(compte)
    session = banc.session(compte)
    banc.beat.arreter()
    banc.worker.arreter()
    try:
        banc.redis.arreter()  # the deposit's own publish fails: only the relay can hand it over
        statut, _location, duree = deposer(session, demande)
        banc.redis.demarrer()
    finally:
        session.close()
    time.sleep(1.0)  # older than OUTBOX_RELAIS_APRES
    relais = subprocess.run(
        [sys.executable, "-c", RELAIS_QUI_MEURT],
        cwd=config.BASE_DIR,
        env={**os.environ, **banc.env, "OUTBOX_RELAIS_APRES": "0"},
        capture_output=True,
        timeout=120,
    )
    mort = relais.returncode == -signal.SIGKILL
    debut = time.monotonic()
    # The next relay run (what the beat's task runs) finds the row still « à faire ».
    subprocess.run(
        [sys.executable, "-c", RELAIS_SUIVANT],
        cwd=config.BASE_DIR,
        env={**os.environ, **banc.env, "OUTBOX_RELAIS_APRES": "0"},
        capture_output=True,
        timeout=120,
        check=True,
    )
    publiees = publications(banc, demande)
    banc.worker.demarrer()
    banc.beat.demarrer()
    banc.worker.attendre_pret()
    apres = attendre(livre(banc, demande), DELAI_LIVRAISON)
    une_fois, detail = livre_une_fois(banc, demande) if apres is not None else (False, "rien reçu")
    total = time.monotonic() - debut
    return Resultat(
        5,
        "Le relais meurt après avoir publié, avant la suite",
        statut == 302 and mort and publiees >= 2 and une_fois,
        f"dépôt {duree:.2f} s ; livré {total:.1f} s après la mort du relais",
        f"relais tué par SIGKILL : {'oui' if mort else 'NON'} ; {publiees} messages en file "
        f"pour la même suite ; {detail}",
    )


CAS = [
    cas_1_redis_arrete,
    cas_2_redis_gele,
    cas_3_smtp_arrete,
    cas_4_kill_worker,
    cas_5_relais_meurt,
    cas_6_postgres_redemarre,
    cas_7_complement,
]
