"""The fault cases (issue 11 §5). Each returns a Resultat: PASS/FAIL, the delay measured and
what was observed; the processes are those of bench/faults/__main__.py."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
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


def _demande(compte):
    from demandes.models import Demande

    return Demande.objects.select_related("usager").get(pk=compte.demande)


def _deposer(session: load.Session, demande) -> tuple[int, str, float]:
    """POST « déposer » (the CSRF token fetched beforehand): status, Location, seconds."""
    from urllib.parse import urlencode

    chemin = parcours.url(demande, "recapitulatif")
    jeton = session.csrf_token(chemin)
    corps = urlencode(
        {"action": "deposer", "observations": "", "csrfmiddlewaretoken": jeton}
    ).encode()
    return _poster(session, chemin, corps)


def _poster(session, chemin, corps) -> tuple[int, str, float]:
    debut = time.monotonic()
    statut, reponse, _contenu = session.request(
        "POST", chemin, body=corps, headers=session.form_headers(chemin)
    )
    return statut, reponse.getheader("Location", ""), time.monotonic() - debut


def _comptes(demande) -> dict[str, int]:
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
        "courriel_lignes": _courriels_du_depot(demande).count(),
        "suite_faite": int(suite is not None and suite.statut == "faite"),
    }


def _courriels_du_depot(demande):
    """The deposit's e-mail: that of its notification « confirmation_depot » (key `depot:<pk>`)."""
    from notifications.models import Courriel

    return Courriel.objects.filter(modele="depot_confirmation", destinataire=demande.usager.email)


def _livre(banc: Banc, demande) -> Callable[[], bool]:
    def condition() -> bool:
        c = _comptes(demande)
        return c["pdf"] >= 1 and len(banc.puits.pour(demande.usager.email)) >= 1

    return condition


def _une_fois(banc: Banc, demande) -> tuple[bool, str]:
    """After CALME seconds more: exactly one mail received, one PDF, one notification."""
    time.sleep(CALME)
    c = _comptes(demande)
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


def _depot_commite(demande) -> bool:
    from demandes.models import SuiteDepot

    demande.refresh_from_db()
    return (
        demande.etat == "deposee"
        and demande.numero is not None
        and SuiteDepot.objects.filter(demande=demande).exists()
    )


def _redis_en_panne(banc: Banc, numero: int, titre: str, panne, retour) -> Resultat:
    compte = banc.compte()
    demande = _demande(compte)
    session = banc.session(compte)
    chemin = parcours.url(demande, "recapitulatif")
    from urllib.parse import urlencode

    corps = urlencode(
        {"action": "deposer", "observations": "", "csrfmiddlewaretoken": session.csrf_token(chemin)}
    ).encode()
    panne()
    try:
        statut, location, duree = _poster(session, chemin, corps)
        commite = _depot_commite(demande)
    finally:
        retour()
        session.close()
    reponse_ok = statut == 302 and location.endswith("/confirmation/") and duree < DELAI_REPONSE
    apres = attendre(_livre(banc, demande), DELAI_LIVRAISON)
    une_fois, detail = _une_fois(banc, demande) if apres is not None else (False, "rien reçu")
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
    demande = _demande(compte)
    banc.puits.arreter()
    session = banc.session(compte)
    try:
        statut, _location, duree = _deposer(session, demande)
    finally:
        session.close()
    echoue = attendre(
        lambda: _courriels_du_depot(demande).filter(tentatives__gte=1).exists(),
        DELAI_LIVRAISON,
    )
    banc.puits.demarrer()
    if echoue is None:
        return Resultat(3, "SMTP arrêté puis relancé", False, "-", "aucun envoi tenté")
    apres = attendre(_livre(banc, demande), DELAI_LIVRAISON)
    une_fois, detail = _une_fois(banc, demande) if apres is not None else (False, "rien reçu")
    tentatives = _courriels_du_depot(demande).get().tentatives
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
    demande = _demande(compte)
    session = banc.session(compte)
    try:
        _deposer(session, demande)
    finally:
        session.close()
    en_cours = attendre(_suite_verrouillee(demande), 60, pas=0.01)
    if en_cours is None:
        ok = False
        details.append("rendu : suite jamais vue en cours")
    else:
        tues = _tuer_le_worker(banc)
        apres = attendre(_livre(banc, demande), DELAI_LIVRAISON)
        une_fois, detail = _une_fois(banc, demande) if apres is not None else (False, "rien")
        ok &= une_fois
        delais.append(
            f"rendu : reprise en {apres:.1f} s" if apres is not None else "rendu : jamais"
        )
        details.append(f"kill -9 {tues} pendant le rendu : {detail}")
    # Mid-send: killed while the SMTP sink holds its reply to the message's data.
    compte = banc.compte()
    demande = _demande(compte)
    banc.puits.retenir_le_prochain(6.0)
    abandonnes = banc.puits.boite.abandonnes
    session = banc.session(compte)
    try:
        _deposer(session, demande)
    finally:
        session.close()
    if not banc.puits.boite.retenu.wait(DELAI_LIVRAISON):
        ok = False
        details.append("envoi : jamais commencé")
    else:
        tues = _tuer_le_worker(banc)
        apres = attendre(_livre(banc, demande), DELAI_LIVRAISON)
        une_fois, detail = _une_fois(banc, demande) if apres is not None else (False, "rien")
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
    demande = _demande(compte)
    session = banc.session(compte)
    banc.beat.arreter()
    banc.worker.arreter()
    try:
        banc.redis.arreter()  # the deposit's own publish fails: only the relay can hand it over
        statut, _location, duree = _deposer(session, demande)
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
    publiees = _publications(banc, demande)
    banc.worker.demarrer()
    banc.beat.demarrer()
    banc.worker.attendre_pret()
    apres = attendre(_livre(banc, demande), DELAI_LIVRAISON)
    une_fois, detail = _une_fois(banc, demande) if apres is not None else (False, "rien reçu")
    total = time.monotonic() - debut
    return Resultat(
        5,
        "Le relais meurt après avoir publié, avant la suite",
        statut == 302 and mort and publiees >= 2 and une_fois,
        f"dépôt {duree:.2f} s ; livré {total:.1f} s après la mort du relais",
        f"relais tué par SIGKILL : {'oui' if mort else 'NON'} ; {publiees} messages en file "
        f"pour la même suite ; {detail}",
    )


def _publications(banc: Banc, demande) -> int:
    entetes = [json.loads(m)["headers"] for m in banc.redis.messages_en_file()]
    return sum(
        1
        for e in entetes
        if e.get("task") == "demandes.tasks.apres_depot" and e.get("argsrepr") == f"({demande.pk},)"
    )


def cas_6_postgres_redemarre(banc: Banc, deposants: int = 12, lecteurs: int = 4) -> Resultat:
    from demandes.models import Demande, HistoriqueEtat, SuiteDepot

    comptes = [banc.compte() for _ in range(deposants)]
    demandes = [_demande(c) for c in comptes]
    sessions = [banc.session(c) for c in comptes]
    lecteurs_sessions = [banc.session(c) for c in comptes[:lecteurs]]
    statuts: Counter = Counter()
    fin = threading.Event()
    verrou = threading.Lock()

    def noter(statut):
        with verrou:
            statuts[statut] += 1

    def deposer(i):
        time.sleep(0.4 * i)  # deposits spread before, during and after the restart
        try:
            noter(_deposer(sessions[i], demandes[i])[0])
        except Exception as exc:
            noter(type(exc).__name__)

    def lire(session):
        while not fin.is_set():
            try:
                noter(session.request("GET", "/espace-personnel/mon-compte/")[0])
            except Exception as exc:
                noter(type(exc).__name__)
                session.close()

    fils = [threading.Thread(target=deposer, args=(i,)) for i in range(deposants)]
    fils += [threading.Thread(target=lire, args=(s,)) for s in lecteurs_sessions]
    for f in fils:
        f.start()
    time.sleep(1.0)
    debut = time.monotonic()
    connections.close_all()
    banc.postgres.redemarrer()
    redemarre = time.monotonic() - debut

    def portail_repond() -> bool:
        s = load.Session(banc.port, timeout=10)
        try:
            return s.request("GET", "/compte/connexion/")[0] == 200
        except Exception:
            return False
        finally:
            s.close()

    attendre(portail_repond, DELAI_PORTAIL + 30)
    retour = time.monotonic() - debut
    time.sleep(1.0)
    fin.set()
    for f in fils:
        f.join(timeout=60)
    for s in sessions + lecteurs_sessions:
        s.close()
    connections.close_all()

    def bilan() -> tuple[int, int, int]:
        entiers = absents = partiels = 0
        for demande in Demande.objects.filter(pk__in=[d.pk for d in demandes]):
            morceaux = [
                demande.etat == "deposee",
                demande.numero is not None,
                SuiteDepot.objects.filter(demande=demande).exists(),
                HistoriqueEtat.objects.filter(demande=demande, transition="deposer").exists(),
            ]
            if all(morceaux):
                entiers += 1
            elif not any(morceaux):
                absents += 1
            else:
                partiels += 1
        return entiers, absents, partiels

    entiers, absents, partiels = bilan()
    # The deposits refused during the restart go through once the portal is back.
    for compte, demande in zip(comptes, demandes, strict=True):
        demande.refresh_from_db()
        if demande.etat != "deposee":
            session = banc.session(compte)
            try:
                _deposer(session, demande)
            finally:
                session.close()
    entiers_apres, _absents, partiels_apres = bilan()
    ok = partiels == partiels_apres == 0 and entiers_apres == deposants and retour <= DELAI_PORTAIL
    reponses = ", ".join(f"{k}×{v}" for k, v in sorted(statuts.items(), key=str))
    return Resultat(
        6,
        "PostgreSQL redémarré sous charge",
        ok,
        f"redémarrage {redemarre:.1f} s, le portail répond à nouveau {retour:.1f} s après "
        f"(max {DELAI_PORTAIL:.0f} s)",
        f"{deposants} dépôts pendant le redémarrage : {entiers} entiers, {absents} non faits, "
        f"{partiels} partiels ; redéposés ensuite : {entiers_apres}/{deposants} entiers ; "
        f"réponses pendant la charge {reponses} (RuntimeError : page du récapitulatif en "
        f"erreur avant le POST)",
    )


REPONSES_IDENTIQUES = 50


def _multipart(champs: dict[str, str], fichiers: dict[str, tuple[str, str, bytes]]):
    """A multipart/form-data body as a browser sends it: (body, Content-Type)."""
    import uuid

    frontiere = f"faults{uuid.uuid4().hex}"
    parties = [
        f'--{frontiere}\r\nContent-Disposition: form-data; name="{nom}"\r\n\r\n'.encode()
        + f"{valeur}\r\n".encode()
        for nom, valeur in champs.items()
    ]
    for nom, (nom_fichier, type_mime, contenu) in fichiers.items():
        parties.append(
            f'--{frontiere}\r\nContent-Disposition: form-data; name="{nom}"; '
            f'filename="{nom_fichier}"\r\nContent-Type: {type_mime}\r\n\r\n'.encode()
            + contenu
            + b"\r\n"
        )
    parties.append(f"--{frontiere}--\r\n".encode())
    return b"".join(parties), f"multipart/form-data; boundary={frontiere}"


def cas_7_complement(banc: Banc, nombre: int = REPONSES_IDENTIQUES) -> Resultat:
    """The applicant's complement page (instruction:complement) receives the same « Valider et
    envoyer » — one document maintained with its reason, the other updated with a new file —
    `nombre` times at once, from `nombre` connections of one browser session."""
    from bench.faults.donnees import complement_pret
    from demandes.models import HistoriqueEtat
    from instruction.models import Complement
    from justificatifs.models import Fichier
    from notifications.models import Notification
    from tests.justificatifs import echantillons

    compte = banc.compte()
    demande = _demande(compte)
    session = banc.session(compte)
    try:
        _deposer(session, demande)
        if not _depot_commite(demande):
            return Resultat(7, TITRE_7, False, "-", "le dépôt préalable n'est pas commité")
        complement = complement_pret(demande.pk)
        maintenu, mis_a_jour = complement.elements.order_by("pk")
        chemin = f"/espace-personnel/complements/{complement.pk}/"
        jeton = session.csrf_token(chemin)  # the GET is the acknowledgement (30 days)
    finally:
        session.close()
    corps, type_contenu = _multipart(
        {
            "csrfmiddlewaretoken": jeton,
            f"reponse_{maintenu.pk}": "maintenir",
            f"raison_{maintenu.pk}": "La copie comporte 2 pages",
            f"reponse_{mis_a_jour.pk}": "mettre_a_jour",
            "message": "Voici ma facture récente.",
            "envoyer": "1",
        },
        {f"fichier_{mis_a_jour.pk}": ("facture.png", "image/png", echantillons.png())},
    )
    navigateurs = []
    for _ in range(nombre):  # the same cookies, each on its own connection
        navigateur = load.Session(banc.port, compte, timeout=120)
        navigateur.cookies = dict(session.cookies)
        navigateurs.append(navigateur)
    depart = threading.Barrier(nombre)
    reponses: list[tuple[object, str, float]] = []
    verrou = threading.Lock()

    def poster(navigateur):
        depart.wait()
        try:
            statut, location, duree = _poster_multipart(navigateur, chemin, corps, type_contenu)
        except Exception as exc:
            statut, location, duree = type(exc).__name__, "", 0.0
        with verrou:
            reponses.append((statut, location, duree))

    fils = [threading.Thread(target=poster, args=(n,)) for n in navigateurs]
    debut = time.monotonic()
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=300)
    total = time.monotonic() - debut
    for navigateur in navigateurs:
        navigateur.close()

    complement.refresh_from_db()
    demande.refresh_from_db()
    maintenu.refresh_from_db()
    mis_a_jour.refresh_from_db()
    transitions = HistoriqueEtat.objects.filter(
        demande=demande, transition="recevoir_complement"
    ).count()
    nouveaux = Fichier.objects.filter(element_complement=mis_a_jour).count()
    repondues = Notification.objects.filter(
        cle=f"complement:{complement.pk}", repondue_le__isnull=False
    ).count()
    statuts = Counter(r[0] for r in reponses)
    acceptees = [r for r in reponses if r[0] == 302 and r[1].endswith(chemin)]
    refusees = statuts.get(400, 0)
    ok = (
        len(reponses) == nombre
        and len(acceptees) == 1
        and refusees == nombre - 1
        and complement.statut == "repondu"
        and Complement.objects.filter(pk=complement.pk, repondu_le__isnull=False).exists()
        and demande.etat == "complement_recu"
        and transitions == 1
        and nouveaux == 1
        and repondues == 1
        and (maintenu.reponse, maintenu.raison_maintien)
        == ("maintenir", "La copie comporte 2 pages")
        and mis_a_jour.reponse == "mettre_a_jour"
    )
    durees = sorted(r[2] for r in reponses if isinstance(r[0], int))
    mediane = durees[len(durees) // 2] if durees else 0.0
    return Resultat(
        7,
        TITRE_7,
        ok,
        f"{nombre} POST en {total:.2f} s ; réponse médiane {mediane:.2f} s, "
        f"la plus lente {max(durees, default=0.0):.2f} s",
        f"réponses {', '.join(f'{k}×{v}' for k, v in sorted(statuts.items(), key=str))} ; "
        f"{transitions} passage à « complément reçu », {nouveaux} nouveau fichier, "
        f"complément {complement.statut}, notification répondue {repondues} fois",
    )


TITRE_7 = "50 POST identiques d'une réponse à un complément"


def _poster_multipart(session, chemin, corps, type_contenu) -> tuple[int, str, float]:
    debut = time.monotonic()
    statut, reponse, _contenu = session.request(
        "POST", chemin, body=corps, headers=session.form_headers(chemin, type_contenu)
    )
    return statut, reponse.getheader("Location", ""), time.monotonic() - debut


CAS = [
    cas_1_redis_arrete,
    cas_2_redis_gele,
    cas_3_smtp_arrete,
    cas_4_kill_worker,
    cas_5_relais_meurt,
    cas_6_postgres_redemarre,
    cas_7_complement,
]
