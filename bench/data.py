"""The bench database: dropped and recreated on every run, migrated, then seeded."""

import datetime
from dataclasses import dataclass

import psycopg
import redis

from bench import config


def recreate_database() -> None:
    with psycopg.connect(config.PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{config.DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{config.DB_NAME}"')
    # Cached sessions of a previous run would outlive their database rows.
    redis.Redis.from_url(config.REDIS_URL).flushdb()


def migrate_and_collectstatic() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


@dataclass(frozen=True)
class Compte:
    """A bench applicant: login identifier and the pk of their draft request."""

    identifiant: str
    demande: int


def seed(users: int = config.USERS) -> list[Compte]:
    """A registry (3 documents per holder: 2 past, 1 current ending in 90 days, inside the
    deposit window) and one account per holder, as tests/accounts/factories.py builds them;
    the Nord département and its prefecture; for each account a draft "etudiant" renewal
    with step 1 (personnel) saved, as tests/demandes/factories.py and parcours.py do."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import Departement, DocumentSejour, NatureDocument, Prefecture, User

    prefecture = Prefecture.objects.create(code="59", nom="Préfecture du Nord", ville="Lille")
    Departement.objects.create(code="59", nom="Nord", prefecture=prefecture)
    # One PBKDF2 hash for every account: hashing 20 times would only slow the setup down.
    password = make_password(config.PASSWORD)
    today = timezone.localdate()
    common = {
        "sexe": "F",
        "date_naissance": datetime.date(2001, 4, 12),
        "pays_naissance": "MA",
        "lieu_naissance": "Rabat",
        "nationalite": "MA",
        "prefecture": prefecture,
    }
    history = [
        # (nature, type_titre, motif, mention, start offset in days from today); each is
        # valid 364 days, the current one until today + 90.
        (NatureDocument.VLS_TS, "VLS-TS", "Etudiant", "ETUDIANT", -274 - 2 * 365),
        (
            NatureDocument.TITRE_SEJOUR,
            "Carte de séjour temporaire",
            "Etudiant",
            "ETUDIANT- ÉLÈVE",
            -274 - 365,
        ),
        (
            NatureDocument.TITRE_SEJOUR,
            "Carte de séjour temporaire",
            "Etudiant",
            "ETUDIANT- ÉLÈVE",
            -274,
        ),
    ]
    comptes = []
    for n in range(users):
        numero_etranger = f"59{n:08d}"
        prenoms = f"Amina{n}"
        documents = []
        for k, (nature, type_titre, motif, mention, offset) in enumerate(history):
            debut = today + datetime.timedelta(days=offset)
            documents.append(
                DocumentSejour.objects.create(
                    numero=f"75{n:06d}{k:02d}",
                    nature=nature,
                    numero_etranger=numero_etranger,
                    nom_naissance="DUPONT",
                    prenoms=prenoms,
                    type_titre=type_titre,
                    motif=motif,
                    mention=mention,
                    date_debut_validite=debut,
                    date_fin_validite=debut + datetime.timedelta(days=364),
                    **common,
                )
            )
        user = User.objects.create(
            document=documents[-1],
            numero_etranger=numero_etranger,
            identifiant=numero_etranger,
            email=f"usager{n}@exemple.fr",
            nom="DUPONT",
            prenom=prenoms,
            password=password,
        )
        comptes.append(Compte(numero_etranger, brouillon_avec_personnel(user).pk))
    return comptes


def brouillon_avec_personnel(user):
    """A draft through the service the wizard uses, and step 1 saved from the answers a browser
    posts (tests/demandes/parcours.py), validated and shaped by the step's own form."""
    from demandes import services, wizard
    from tests.demandes import parcours

    demande = services.brouillon_creer(
        usager=user,
        motif_code="etudiant",
        renouvellement=True,
        document=user.document,
        par=user,
    )
    motif = wizard.motif_de(demande)
    etape = motif.etape("personnel")
    form = etape.form(
        parcours.PERSONNEL,
        initial={},
        saisie=wizard.saisie_de(demande),
        motif=motif,
        demande=demande,
    )
    if not form.is_valid():
        raise RuntimeError(f"step personnel refused: {form.errors.as_json()}")
    return services.etape_enregistrer(
        demande=demande, etape="personnel", donnees=form.donnees(), par=user
    )
