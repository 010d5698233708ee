"""`python -m bench.instruction [--remplir]`: the agents' back office on a national volume.

`--remplir` drops and recreates the database `anef_bench_instruction`, migrates it and fills
it on the server side (`INSERT … SELECT generate_series`, secondary indexes dropped during the
load and rebuilt after): 100 prefectures, 300 agents, 1,000,000 applicants with their current
title, 1,000,000 deposited requests spread over every state after the deposit, 5,000,000
files, a complement for each request waiting for one. Without it, the database of a previous
fill is reused. Then, in-process (`django.test.Client`, the production settings, an agent of
the first prefecture logged in with a verified second factor), each page is requested
`--echantillons` times and its median and 95th percentile are compared with the issue's
targets; the table says OK or ABOVE. See docs/benchmarks.md, "Instruction back office".
"""

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psycopg

from bench import config

DB_NAME = os.environ.get("ANEF_BENCH_INSTRUCTION_DB", "anef_bench_instruction")
DATABASE_URL = f"postgres://postgres:postgres@127.0.0.1:5432/{DB_NAME}"
DSN = f"host=127.0.0.1 port=5432 user=postgres password=postgres dbname={DB_NAME}"

PREFECTURES = 100
AGENTS_PAR_PREFECTURE = 3
DEMANDES = 1_000_000
FICHIERS_PAR_DEMANDE = 5
# The request whose page is timed: prefecture 1, under instruction, with 20 files.
FICHIERS_DEMANDE_MESUREE = 20
ECHANTILLONS = 30

# Index of a request's state: (i / 100) % 20, so that every prefecture (i % 100) has them all.
ETATS = [
    *["deposee"] * 4,
    *["en_instruction"] * 5,
    "complement_demande",
    "complement_recu",
    "decision_proposee",
    "decision_favorable",
    "titre_en_fabrication",
    "titre_disponible",
    "titre_remis",
    "titre_remis",
    "decision_defavorable",
    "cloturee",
    "classee_sans_suite",
]
FAVORABLES = ["decision_favorable", "titre_en_fabrication", "titre_disponible", "titre_remis"]
NOMS = [
    "MARTIN", "BERNARD", "DUBOIS", "THOMAS", "ROBERT", "RICHARD", "PETIT", "DURAND", "LEROY",
    "MOREAU", "SIMON", "LAURENT", "LEFEBVRE", "MICHEL", "GARCIA", "DAVID", "BERTRAND", "ROUX",
    "VINCENT", "FOURNIER", "MOREL", "GIRARD", "ANDRE", "MERCIER", "DUPONT", "LAMBERT", "BONNET",
    "FRANCOIS", "MARTINEZ", "LEGRAND", "GARNIER", "FAURE", "ROUSSEAU", "BLANC", "GUERIN",
    "MULLER", "HENRY", "ROUSSEL", "NICOLAS", "PERRIN", "MORIN", "MATHIEU", "CLEMENT", "GAUTHIER",
    "DUMONT", "LOPEZ", "FONTAINE", "CHEVALIER", "ROBIN", "MASSON", "SANCHEZ", "GERARD", "NGUYEN",
    "BOYER", "DENIS", "LEMAIRE", "DUVAL", "JOLY", "GAUTIER", "ROGER", "ROCHE", "ROY", "NOEL",
    "MEYER", "LUCAS", "MEUNIER", "JEAN", "PEREZ", "MARCHAND", "DUFOUR", "BLANCHARD", "MARIE",
    "BARBIER", "BRUN", "DUMAS", "BRUNET", "SCHMITT", "LEROUX", "COLIN", "FERNANDEZ", "BENALI",
    "OKAFOR", "DIALLO", "TRAORE", "KONE", "HADDAD", "MANSOURI", "CHEN", "WANG", "SINGH",
    "KUMAR", "IVANOV", "POPESCU", "SILVA", "SANTOS", "OLIVEIRA", "RODRIGUEZ", "AHMED", "YILMAZ",
]  # fmt: skip
PRENOMS = [
    "Amina", "Yasmine", "Mohamed", "Fatou", "Ibrahim", "Lina", "Omar", "Sara", "Youssef",
    "Aïcha", "Karim", "Nadia", "Moussa", "Leila", "Ali", "Mariam", "Hassan", "Inès", "Samuel",
    "Chinwe", "Wei", "Priya", "Ivan", "Ana", "João", "Maria", "Ahmed", "Elif", "Mehmet", "Olga",
]  # fmt: skip
PIECES = ["passeport", "titre_sejour", "domicile", "ressources", "inscription"]

TARGETS_MS = {"file": 150.0, "page": 100.0, "numero": 50.0, "nom": 150.0}


def _secondaires(cur, table: str) -> list[tuple[str, str]]:
    """Indexes of `table` that back no constraint: dropped during the load, rebuilt after."""
    cur.execute(
        "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = %s AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [table],
    )
    return cur.fetchall()


def _charger(cur, table: str, sql: str, params=()) -> float:
    began = time.monotonic()
    index = _secondaires(cur, table)
    for nom, _definition in index:
        cur.execute(f'DROP INDEX "{nom}"')
    cur.execute(sql, params)
    lignes = cur.rowcount
    for _nom, definition in index:
        cur.execute(definition)
    cur.execute(f'ANALYZE "{table}"')
    duree = time.monotonic() - began
    print(f"  {table:<28} {lignes:>10,} {duree:6.1f} s", flush=True)
    return duree


def recreer_et_migrer() -> None:
    with psycopg.connect(config.PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def remplir(saisie_json: str) -> None:
    """The national volume, written by PostgreSQL itself (no row goes through Python)."""
    with psycopg.connect(DSN, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '256MB'")
        cur.execute("SET synchronous_commit = off")
        # The rows are consistent by construction: skip the per-row foreign key triggers (6
        # million lookups). Check constraints still apply.
        cur.execute("SET session_replication_role = replica")
        cur.execute(
            "INSERT INTO accounts_prefecture (id, code, nom, ville) "
            "SELECT p, to_char(p, 'FM000'), 'Préfecture ' || to_char(p, 'FM000'), "
            "'Ville ' || p FROM generate_series(1, %s) p",
            [PREFECTURES],
        )
        # Agents: ids 1…300, three per prefecture (prefecture = (id - 1) / 3 + 1).
        cur.execute(
            "INSERT INTO accounts_user (id, password, is_superuser, identifiant, email, "
            "email_en_attente, nom, prenom, telephone, statut, doit_changer_mot_de_passe, "
            "is_staff, is_active, date_joined, session_salt, prefecture_id) "
            "SELECT a, '!', false, 'agent' || a || '@prefecture.gouv.fr', "
            "'agent' || a || '@prefecture.gouv.fr', '', 'AGENT' || a, 'Camille', '', 'actif', "
            "false, true, true, now(), md5(a::text), (a - 1) / %s + 1 "
            "FROM generate_series(1, %s) a",
            [AGENTS_PAR_PREFECTURE, PREFECTURES * AGENTS_PAR_PREFECTURE],
        )
        cur.execute(
            "INSERT INTO accounts_user_groups (user_id, group_id) SELECT a, g.id "
            "FROM generate_series(1, %s) a, auth_group g WHERE g.name = 'Instructeurs'",
            [PREFECTURES * AGENTS_PAR_PREFECTURE],
        )
        print(f"Filling {DB_NAME} (table, rows, seconds):")
        total = time.monotonic()
        # Current titles: the end of validity spread from 30 days ago to a year ahead.
        _charger(
            cur,
            "accounts_documentsejour",
            "INSERT INTO accounts_documentsejour (id, numero, nature, numero_etranger, "
            "nom_naissance, prenoms, sexe, date_naissance, pays_naissance, lieu_naissance, "
            "nationalite, type_titre, motif, mention, date_debut_validite, date_fin_validite, "
            "mis_a_jour_le, prefecture_id) "
            "SELECT i, 'B' || to_char(i, 'FM000000000'), 'titre_sejour', "
            "to_char(1000000000 + i, 'FM0000000000'), (%(noms)s::text[])[i %% %(n_noms)s + 1], "
            "(%(prenoms)s::text[])[i / 7 %% %(n_prenoms)s + 1], "
            "CASE WHEN i %% 2 = 0 THEN 'F' ELSE 'M' END, date '1995-01-01' + (i %% 5000), "
            "'MA', 'Rabat', 'MA', "
            "'Carte de séjour temporaire', 'Etudiant', 'ETUDIANT', "
            "current_date + ((i / 100 * 37 + i) %% 400 - 30) - 364, "
            "current_date + ((i / 100 * 37 + i) %% 400 - 30), "
            "now(), i %% %(prefectures)s + 1 FROM generate_series(1, %(n)s) i",
            {
                "noms": NOMS,
                "n_noms": len(NOMS),
                "prenoms": PRENOMS,
                "n_prenoms": len(PRENOMS),
                "prefectures": PREFECTURES,
                "n": DEMANDES,
            },
        )
        # Applicants: ids 1001…, one per title, named after it (the name search's target).
        _charger(
            cur,
            "accounts_user",
            "INSERT INTO accounts_user (id, password, is_superuser, identifiant, email, "
            "email_en_attente, numero_etranger, nom, prenom, telephone, statut, "
            "doit_changer_mot_de_passe, is_staff, is_active, date_joined, session_salt, "
            "document_id) "
            "SELECT 1000 + d.id, '!', false, d.numero_etranger, '', '', d.numero_etranger, "
            "d.nom_naissance, d.prenoms, '', 'actif', false, false, true, now(), md5(d.id::text), "
            "d.id FROM accounts_documentsejour d",
        )
        etats_favorables = "(" + ", ".join(f"'{e}'" for e in FAVORABLES) + ")"
        _charger(
            cur,
            "demandes_demande",
            "INSERT INTO demandes_demande (id, numero, motif, renouvellement, type_demande, "
            "pour_qui, situation, etat, saisie, derniere_etape, parties_validees, observations, "
            "cree_le, modifiee_le, deposee_le, etat_depuis, document_actuel_id, prefecture_id, "
            "usager_id, agent_id, decision, decision_le) "
            "SELECT i, to_char(i, 'FM0000000000000000000'), m.motif, true, "
            "'Demande de renouvellement', 'moi', 'titre', e.etat, %(saisie)s::jsonb, "
            "'recapitulatif', '[0, 1, 2]'::jsonb, '', t.depot - interval '1 day', t.depot, "
            "t.depot, t.depot + ((i %% 20) || ' days')::interval, i, i %% %(prefectures)s + 1, "
            "1000 + i, CASE WHEN e.etat = 'deposee' THEN NULL "
            "ELSE (i %% %(prefectures)s) * %(agents)s + (i / 1000) %% %(agents)s + 1 END, "
            "CASE WHEN e.etat IN " + etats_favorables + " THEN 'favorable' "
            "WHEN e.etat = 'decision_defavorable' THEN 'defavorable' ELSE '' END, "
            "CASE WHEN e.etat IN " + etats_favorables + " OR e.etat = 'decision_defavorable' "
            "THEN t.depot + interval '60 days' END "
            "FROM generate_series(1, %(n)s) i, "
            "LATERAL (SELECT (%(etats)s::text[])[(i / 100) %% 20 + 1] AS etat) e, "
            "LATERAL (SELECT (ARRAY['etudiant', 'bpi', 'vpf_ase'])[(i / 7) %% 3 + 1] AS motif) m, "
            "LATERAL (SELECT now() - ((i::bigint * 7919) %% 730 || ' days')::interval "
            "- ((i %% 86400) || ' seconds')::interval AS depot) t",
            {
                "saisie": saisie_json,
                "prefectures": PREFECTURES,
                "agents": AGENTS_PAR_PREFECTURE,
                "n": DEMANDES,
                "etats": ETATS,
            },
        )
        _charger(
            cur,
            "justificatifs_fichier",
            "INSERT INTO justificatifs_fichier (piece, fichier, nom, taille, type_mime, sha256, "
            "depose_le, demande_id) "
            "SELECT (%(pieces)s::text[])[k], 'justificatifs/' || md5(d.id || '-' || k) || "
            "CASE WHEN k %% 2 = 0 THEN '.jpg' ELSE '.pdf' END, "
            "(%(pieces)s::text[])[k] || CASE WHEN k %% 2 = 0 THEN '.jpg' ELSE '.pdf' END, "
            "100000 + (d.id * k) %% 900000, "
            "CASE WHEN k %% 2 = 0 THEN 'image/jpeg' ELSE 'application/pdf' END, "
            "md5(d.id || '/' || k) || md5(k || '/' || d.id), d.deposee_le, d.id "
            "FROM demandes_demande d, generate_series(1, %(k)s) k",
            {"pieces": PIECES, "k": FICHIERS_PAR_DEMANDE},
        )
        _charger(
            cur,
            "instruction_complement",
            "INSERT INTO instruction_complement (statut, demande_le, accuse_le, message_usager, "
            "demande_id, demande_par_id) "
            "SELECT 'en_attente', d.etat_depuis, d.etat_depuis + interval '2 days', '', d.id, "
            "d.agent_id FROM demandes_demande d WHERE d.etat = 'complement_demande'",
        )
        for table in [
            "accounts_prefecture",
            "accounts_user",
            "accounts_documentsejour",
            "demandes_demande",
            "justificatifs_fichier",
            "instruction_complement",
        ]:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        cur.execute("VACUUM (ANALYZE)")
        print(f"  {'total':<28} {'':>10} {time.monotonic() - total:6.1f} s")


def demande_mesuree(agent):
    """A request of the agent's prefecture under instruction, given 20 files and a history."""
    from django.db import connection

    from demandes.models import Demande, HistoriqueEtat

    demande = (
        Demande.objects.filter(prefecture_id=agent.prefecture_id, etat="en_instruction")
        .order_by("pk")
        .first()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO justificatifs_fichier (piece, fichier, nom, taille, type_mime, sha256, "
            "depose_le, demande_id) "
            "SELECT 'domicile', 'justificatifs/' || md5(k::text) || '.pdf', 'justificatif-' || k "
            "|| '.pdf', 150000, 'application/pdf', md5(k::text) || md5(k::text), now(), %s "
            "FROM generate_series(1, %s) k "
            "WHERE (SELECT count(*) FROM justificatifs_fichier WHERE demande_id = %s) < %s",
            [
                demande.pk,
                FICHIERS_DEMANDE_MESUREE - FICHIERS_PAR_DEMANDE,
                demande.pk,
                FICHIERS_DEMANDE_MESUREE,
            ],
        )
    if not HistoriqueEtat.objects.filter(demande=demande).exists():
        HistoriqueEtat.objects.create(
            demande=demande,
            transition="deposer",
            depuis="brouillon",
            vers="deposee",
            le=demande.deposee_le,
        )
        HistoriqueEtat.objects.create(
            demande=demande,
            transition="prendre_en_charge",
            depuis="deposee",
            vers="en_instruction",
            par=agent,
            le=demande.etat_depuis,
        )
    return demande


def saisie_realiste() -> str:
    """The answers of an « étudiant » renewal (steps 1 to 3) shaped by the steps' own forms, as
    the wizard stores them (tests/demandes/parcours.py)."""
    import json

    from demandes import wizard
    from demandes.models import Demande
    from tests.demandes import parcours

    demande = Demande(motif="etudiant", renouvellement=True, saisie={})
    motif = wizard.motif_de(demande)
    for code, data in [
        ("personnel", parcours.PERSONNEL),
        ("motif", parcours.MOTIF_ETUDIANT),
        ("ressources", parcours.ressources(("boursier", 700))),
    ]:
        form = motif.etape(code).form(
            data,
            initial={},
            saisie=wizard.saisie_de(demande),
            motif=motif,
            demande=demande,
        )
        if not form.is_valid():
            raise RuntimeError(f"step {code} refused: {form.errors.as_json()}")
        demande.saisie[code] = form.donnees()
    return json.dumps(demande.saisie)


def _mesurer(client, chemin: str, echantillons: int, attendu: int = 200) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm-up: templates, the agent's permissions
        client.get(chemin)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(chemin)
    requetes = len(captured.captured_queries)
    if response.status_code != attendu:
        raise RuntimeError(f"{chemin}: status {response.status_code}")
    durees, sql = [], []
    for _ in range(echantillons):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            client.get(chemin)
            durees.append((time.perf_counter() - began) * 1000)
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    durees.sort()
    return {
        "median": statistics.median(durees),
        "p95": durees[max(0, int(len(durees) * 0.95) - 1)],
        "sql_median": statistics.median(sql),
        "requetes": requetes,
        # Rows of a queue page: its checkboxes (no template instrumentation outside tests).
        "lignes": response.content.count(b'name="_selected_action"')
        if "change" not in chemin
        else None,
    }


def mesurer(echantillons: int) -> list[tuple[str, str, dict, float]]:
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.utils.http import urlencode

    from accounts.models import User
    from tests.back_office import connecter_agent

    agent = User.objects.get(pk=1)
    agent.groups.add(Group.objects.get(name="Instructeurs"))
    demande = demande_mesuree(agent)
    usager = demande.usager
    client = Client(SERVER_NAME=config.HOST)
    connecter_agent(client, agent)
    file = "/back-office/demandes/demande/"
    pages = [
        ("file", "file: mes demandes (défaut)", file),
        ("file", "file: toutes, triée par dépôt", file + "?agent=tous"),
        ("file", "file: état en instruction", file + "?agent=tous&etat__exact=en_instruction"),
        ("file", "file: motif BPI, page 10", file + "?agent=tous&motif=bpi&p=10"),
        ("file", "file: titre expirant < 30 j", file + "?agent=tous&titre=expirant"),
        ("file", "file: complément en retard", file + "?agent=tous&complement=en_retard"),
        ("page", "page d'une demande (20 fichiers)", f"{file}{demande.pk}/change/"),
        ("numero", "recherche N° de la demande", file + "?" + urlencode({"q": demande.numero})),
        (
            "numero",
            "recherche N° étranger",
            file + "?" + urlencode({"q": usager.numero_etranger}),
        ),
        ("nom", "recherche par nom", file + "?" + urlencode({"q": usager.nom.title()})),
        (
            "nom",
            "recherche nom + prénom",
            file + "?" + urlencode({"q": f"{usager.prenom} {usager.nom}"}),
        ),
    ]
    resultats = []
    for cible, libelle, chemin in pages:
        resultats.append(
            (libelle, chemin, _mesurer(client, chemin, echantillons), TARGETS_MS[cible])
        )
    return resultats


def imprimer(resultats) -> None:
    entete = (
        f"{'page':<36} {'rows':>5} {'SQL':>4} {'SQL ms':>7} {'median':>9} {'p95':>9} "
        f"{'target':>8}  status"
    )
    print()
    print(entete)
    print("-" * len(entete))
    for libelle, _chemin, r, cible in resultats:
        statut = "OK" if r["p95"] < cible else "ABOVE"
        lignes = "" if r["lignes"] is None else r["lignes"]
        print(
            f"{libelle:<36} {lignes:>5} {r['requetes']:>4} {r['sql_median']:>7.1f} "
            f"{r['median']:>7.1f}ms "
            f"{r['p95']:>7.1f}ms {cible:>6.0f}ms  {statut}"
        )
    print(
        "(in-process, one request at a time; p95 against the target; SQL: queries per page, "
        "SQL ms: their median total time)"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.instruction", description=__doc__)
    parser.add_argument(
        "--remplir", action="store_true", help="recreate and fill the database (a few minutes)"
    )
    parser.add_argument("--echantillons", type=int, default=ECHANTILLONS)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="anef-bench-instruction-"))
    env = config.production_env(static_root=workdir / "static", media_root=workdir / "media")
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings_instruction",
            "DATABASE_URL": DATABASE_URL,
            "SECRET_KEY": secrets.token_urlsafe(50),
        }
    )
    os.environ.update(env)
    (workdir / "static").mkdir()
    import logging

    import django

    logging.disable(logging.WARNING)
    django.setup()
    began = time.monotonic()
    if args.remplir:
        print(f"Recreating and migrating {DB_NAME}…", flush=True)
        recreer_et_migrer()
        remplir(saisie_realiste())
        print(f"Filled in {time.monotonic() - began:.0f} s (migrations included).")
    else:
        # A database filled by an earlier version: bring its schema up to the code's.
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    charge = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"Timing the back office ({args.echantillons} requests a page, load average {charge})…",
        flush=True,
    )
    imprimer(mesurer(args.echantillons))
    return 0


if __name__ == "__main__":
    sys.exit(main())
