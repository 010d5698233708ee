"""The queue and the request page on big tables: no unbounded COUNT(*) and no SELECT DISTINCT
over requests or files, a constant number of queries whatever the number of rows or files, and
a statement timeout that turns a slow query into a message page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from demandes.models import Demande, EtatDemande
from instruction import pagination
from justificatifs.models import Fichier
from tests.accounts.factories import PrefectureFactory, UserFactory
from tests.back_office import connecter_agent
from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent

pytestmark = pytest.mark.django_db

FILE = "/back-office/demandes/demande/"
GRANDES_TABLES = ('"demandes_demande"', '"justificatifs_fichier"')
PAGES_DE_LA_FILE = [
    "",
    "?agent=tous",
    "?agent=tous&etat__exact=en_instruction",
    "?agent=tous&motif=bpi",
    "?agent=tous&titre=expirant",
    "?agent=tous&complement=en_retard",
    "?agent=aucun&o=2",
    "?q=5901",
    "?q=dupont",
]


@pytest.fixture
def nord():
    return PrefectureFactory(code="59", nom="Préfecture du Nord")


@pytest.fixture
def instructeur(client, nord):
    user = agent("instructeur", prefecture=nord)
    connecter_agent(client, user)
    return user


def _sous_requetes(sql: str) -> list[str]:
    """Each SELECT of `sql` without its parenthesised sub-selects."""
    parties, pile = [], [[]]
    for morceau in re.split(r"(\(|\))", sql):
        if morceau == "(":
            pile.append([])
        elif morceau == ")":
            interieur = "".join(pile.pop())
            if interieur.lstrip().upper().startswith("SELECT"):
                parties.append(interieur)
                pile[-1].append("(…)")
            else:
                pile[-1].append(f"({interieur})")
        else:
            pile[-1].append(morceau)
    parties.append("".join(pile[0]))
    return parties


def requetes_interdites(sqls: list[str]) -> list[str]:
    """A COUNT(*) over a big table without WHERE or LIMIT, or a SELECT DISTINCT over one."""
    mauvaises = []
    for sql in sqls:
        for partie in _sous_requetes(sql):
            haut = partie.upper()
            if not any(table in partie for table in GRANDES_TABLES) and "(…)" not in partie:
                continue
            if "SELECT DISTINCT" in haut and any(t in partie for t in GRANDES_TABLES):
                mauvaises.append(sql)
            if "COUNT(" in haut and any(t in partie for t in GRANDES_TABLES):
                if " WHERE " not in haut or " LIMIT " not in haut:
                    mauvaises.append(sql)
            if "COUNT(" in haut and "(…)" in partie:
                # A count over a sub-select: the sub-select must be bounded (LIMIT).
                bornees = [p for p in _sous_requetes(sql) if " LIMIT " in p.upper()]
                if not bornees:
                    mauvaises.append(sql)
    return mauvaises


def test_the_detector_catches_what_it_must():
    assert requetes_interdites(['SELECT COUNT(*) AS "__count" FROM "demandes_demande"'])
    assert requetes_interdites(
        ['SELECT COUNT(*) FROM "demandes_demande" WHERE "demandes_demande"."etat" = \'x\'']
    )
    assert requetes_interdites(['SELECT DISTINCT "justificatifs_fichier"."piece" FROM x'])
    assert not requetes_interdites(
        [
            'SELECT COUNT(*) FROM (SELECT 1 AS "a" FROM "demandes_demande" WHERE '
            '("demandes_demande"."prefecture_id" = 1) LIMIT 10001) subquery'
        ]
    )


def _file(client, chemin: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as capture:
        response = client.get(FILE + chemin)
    assert response.status_code == 200, chemin
    return len(capture.captured_queries), [q["sql"] for q in capture.captured_queries]


@pytest.mark.parametrize("chemin", PAGES_DE_LA_FILE)
def test_the_queue_never_counts_or_dedups_a_big_table(client, nord, instructeur, chemin):
    DemandeFactory(deposee=True, prefecture=nord, agent=instructeur)
    _n, sqls = _file(client, chemin)
    assert requetes_interdites(sqls) == []


def test_not_even_for_a_national_administrator(client, nord):
    DemandeFactory(deposee=True, prefecture=nord)
    admin = UserFactory(agent=True, prefecture=None, is_superuser=True)
    connecter_agent(client, admin)
    for chemin in PAGES_DE_LA_FILE:
        _n, sqls = _file(client, chemin)
        assert requetes_interdites(sqls) == [], chemin


def test_the_queue_costs_the_same_queries_for_1_or_30_rows(client, nord, instructeur):
    def une(i):
        usager = UserFactory()
        return DemandeFactory(
            deposee=True,
            prefecture=nord,
            usager=usager,
            document_actuel=usager.document,
            etat=EtatDemande.EN_INSTRUCTION,
            agent=agent("instructeur", prefecture=nord) if i % 2 else instructeur,
            etat_depuis=timezone.now(),
        )

    une(0)
    client.get(FILE + "?agent=tous")  # warm: the agent's permissions, the session
    seule, _ = _file(client, "?agent=tous")
    for i in range(1, 30):
        une(i)
    trente, _ = _file(client, "?agent=tous")
    assert Demande.objects.filter(prefecture=nord).count() == 30
    # The agents filter lists the prefecture's agents in one query, whatever their number.
    assert trente == seule


def _page(client, demande) -> int:
    with CaptureQueriesContext(connection) as capture:
        response = client.get(f"{FILE}{demande.pk}/change/")
    assert response.status_code == 200
    return len(capture.captured_queries)


def _fichier(demande, n):
    Fichier.objects.create(
        demande=demande,
        piece="passeport" if n % 2 else "domicile",
        fichier=f"justificatifs/{n:032x}.pdf",
        nom=f"piece-{n}.pdf",
        taille=1000,
        type_mime="application/pdf" if n % 2 else "image/jpeg",
        sha256="0" * 64,
    )


def test_the_request_page_costs_the_same_queries_for_1_or_20_files(client, nord, instructeur):
    demande = DemandeFactory(deposee=True, prefecture=nord, etat=EtatDemande.EN_INSTRUCTION)
    _fichier(demande, 0)
    client.get(f"{FILE}{demande.pk}/change/")
    une = _page(client, demande)
    for n in range(1, 20):
        _fichier(demande, n)
    assert _page(client, demande) == une


def test_past_the_cap_the_paginator_estimates(client, nord, instructeur, monkeypatch):
    for _ in range(4):
        DemandeFactory(deposee=True, prefecture=nord, agent=instructeur)
    monkeypatch.setattr(pagination.EstimatedCountPaginator, "plafond", 2)
    response = client.get(FILE + "?agent=tous")
    cl = response.context["cl"]
    assert cl.paginator.estime is True
    assert cl.result_count >= 3
    assert "(estimation)" in response.content.decode()
    monkeypatch.setattr(pagination.EstimatedCountPaginator, "plafond", 10)
    exact = client.get(FILE + "?agent=tous").context["cl"]
    assert (exact.paginator.estime, exact.result_count) == (False, 4)


@pytest.mark.urls("tests.instruction.urls_delai")
def test_a_slow_back_office_query_gives_a_french_message_not_a_500(client, settings):
    settings.BACK_OFFICE_STATEMENT_TIMEOUT_MS = 50
    response = client.get("/back-office/lente/")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Cette page a mis trop de temps à se charger" in page
    assert "Précisez votre recherche" in page
    # The transaction is usable again and the limit did not outlive the request.
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
        cursor.execute("SELECT pg_sleep(0.1)")
    assert Demande.objects.count() == 0


def test_a_normal_back_office_page_keeps_no_limit_afterwards(client, nord, instructeur):
    assert client.get(FILE).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
