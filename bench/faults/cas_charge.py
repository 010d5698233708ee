"""The fault cases under load: PostgreSQL restarted while applicants deposit (6), and 50
identical answers to a complement posted at once (7)."""

import threading
import time
from collections import Counter

from django.db import connections

from bench import load
from bench.faults.outils import (
    DELAI_PORTAIL,
    Banc,
    Resultat,
    attendre,
    demande_de_compte,
    deposer,
    depot_commite,
)


def cas_6_postgres_redemarre(banc: Banc, deposants: int = 12, lecteurs: int = 4) -> Resultat:
    from demandes.models import Demande, HistoriqueEtat, SuiteDepot

    comptes = [banc.compte() for _ in range(deposants)]
    demandes = [demande_de_compte(c) for c in comptes]
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
            noter(deposer(sessions[i], demandes[i])[0])
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
                deposer(session, demande)
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
    demande = demande_de_compte(compte)
    session = banc.session(compte)
    try:
        deposer(session, demande)
        if not depot_commite(demande):
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
