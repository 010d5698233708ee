"""The queue's indexes. For the search by name (`instruction.selectors.recherche`), trigram
indexes: Django's `icontains` is `UPPER(col) LIKE UPPER('%…%')`, which a GIN index of
`UPPER(col)` with `gin_trgm_ops` serves; PostgreSQL only, so on SQLite (the embedded default)
only the deposit-order indexes are made."""

from django.db import migrations

INDEXES = {
    "accounts_user_nom_trgm": ("accounts_user", "nom"),
    "accounts_user_prenom_trgm": ("accounts_user", "prenom"),
}


# The queue in deposit order — one prefecture's requests, or one agent's (« Mes demandes »):
# read in index order up to the page instead of sorting all of them (either database).
PAR_DEPOT = {
    "demande_file_par_depot": ("prefecture_id", "deposee_le", "id"),
    "demande_agent_par_depot": ("agent_id", "deposee_le", "id"),
}


def creer(apps, schema_editor):
    for nom, colonnes in PAR_DEPOT.items():
        liste = ", ".join(f'"{c}"' for c in colonnes)
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{nom}" ON "demandes_demande" ({liste})'
        )
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for nom, (table, colonne) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{nom}" ON "{table}" '
            f'USING gin ((UPPER("{colonne}"::text)) gin_trgm_ops)'
        )


def supprimer(apps, schema_editor):
    for nom in PAR_DEPOT:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{nom}"')
    if schema_editor.connection.vendor != "postgresql":
        return
    for nom in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{nom}"')


class Migration(migrations.Migration):
    dependencies = [
        ("instruction", "0002_roles"),
        ("accounts", "0004_agents_gerer_permission"),
    ]

    operations = [migrations.RunPython(creer, supprimer)]
