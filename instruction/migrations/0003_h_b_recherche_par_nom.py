"""Trigram indexes for the queue's search by name (`instruction.selectors.recherche`): Django's
`icontains` is `UPPER(col) LIKE UPPER('%…%')`, which a GIN index of `UPPER(col)` with
`gin_trgm_ops` serves. PostgreSQL only: on SQLite (the embedded default) this is a no-op."""

from django.db import migrations

INDEXES = {
    "accounts_user_nom_trgm": ("accounts_user", "nom"),
    "accounts_user_prenom_trgm": ("accounts_user", "prenom"),
}


def creer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for nom, (table, colonne) in INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{nom}" ON "{table}" '
            f'USING gin ((UPPER("{colonne}"::text)) gin_trgm_ops)'
        )


def supprimer(apps, schema_editor):
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
