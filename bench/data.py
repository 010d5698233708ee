"""The bench database: dropped and recreated on every run, migrated, then seeded."""

import datetime

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


def seed(users: int = config.USERS) -> list[str]:
    """A registry (3 documents per holder: 2 past, 1 current) and one account per holder,
    as tests/accounts/factories.py builds them. Returns the login identifiers."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import DocumentSejour, NatureDocument, Prefecture, User

    prefecture = Prefecture.objects.create(code="59", nom="Préfecture du Nord", ville="Lille")
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
        # (nature, type_titre, motif, mention, start offset in days from today)
        (NatureDocument.VLS_TS, "VLS-TS", "Etudiant", "ETUDIANT", -250 - 2 * 365),
        (
            NatureDocument.TITRE_SEJOUR,
            "Carte de séjour temporaire",
            "Etudiant",
            "ETUDIANT- ÉLÈVE",
            -250 - 365,
        ),
        (
            NatureDocument.TITRE_SEJOUR,
            "Carte de séjour temporaire",
            "Etudiant",
            "ETUDIANT- ÉLÈVE",
            -250,
        ),
    ]
    identifiants = []
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
        User.objects.create(
            document=documents[-1],
            numero_etranger=numero_etranger,
            identifiant=numero_etranger,
            email=f"usager{n}@exemple.fr",
            nom="DUPONT",
            prenom=prenoms,
            password=password,
        )
        identifiants.append(numero_etranger)
    return identifiants
