"""The queue's indexes (instruction.admin.demande, instruction.selectors).

- In deposit order, one prefecture's requests and one agent's (« Mes demandes »): the queue
  reads them in index order up to the page instead of sorting them all. On PostgreSQL the
  prefecture's index also carries (INCLUDE) the columns the filters test — state, motif,
  current title, agent — so that the capped count of a filtered queue is an index-only scan.
- The end of validity of a title next to its key (`document_fin_validite`, PostgreSQL): the
  « expirant sous 30 jours » filter reads it without visiting the registry's rows.
- Dependency statistics between a request's agent and its prefecture (PostgreSQL).
- The search by name: Django's `icontains` is `UPPER(col) LIKE UPPER('%…%')`, which a GIN index
  of `UPPER(col)` with `gin_trgm_ops` serves (PostgreSQL, extension pg_trgm).

SQLite (the embedded default) gets the two deposit-order indexes without INCLUDE, nothing else.
"""

from django.db import migrations

PAR_DEPOT = {
    "demande_file_par_depot": ("prefecture_id", "deposee_le", "id"),
    "demande_agent_par_depot": ("agent_id", "deposee_le", "id"),
}
INCLUS = {"demande_file_par_depot": ("etat", "motif", "document_actuel_id", "agent_id")}
POSTGRESQL = {
    "document_fin_validite": (
        'CREATE INDEX IF NOT EXISTS "document_fin_validite" ON "accounts_documentsejour" '
        '("id") INCLUDE ("date_fin_validite")'
    ),
    # Statistics, not an index: an agent belongs to one prefecture, which the planner cannot
    # guess; told, it reads « Mes demandes » in the agent's deposit order up to the page.
    "demande_agent_prefecture": (
        'CREATE STATISTICS IF NOT EXISTS "demande_agent_prefecture" (dependencies) '
        'ON "agent_id", "prefecture_id" FROM "demandes_demande"'
    ),
    "accounts_user_nom_trgm": (
        'CREATE INDEX IF NOT EXISTS "accounts_user_nom_trgm" ON "accounts_user" '
        'USING gin ((UPPER("nom"::text)) gin_trgm_ops)'
    ),
    "accounts_user_prenom_trgm": (
        'CREATE INDEX IF NOT EXISTS "accounts_user_prenom_trgm" ON "accounts_user" '
        'USING gin ((UPPER("prenom"::text)) gin_trgm_ops)'
    ),
}


def _colonnes(noms) -> str:
    return ", ".join(f'"{nom}"' for nom in noms)


def creer(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for nom, colonnes in PAR_DEPOT.items():
        inclus = f" INCLUDE ({_colonnes(INCLUS[nom])})" if postgresql and nom in INCLUS else ""
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{nom}" ON "demandes_demande" '
            f"({_colonnes(colonnes)}){inclus}"
        )
    if not postgresql:
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for sql in POSTGRESQL.values():
        schema_editor.execute(sql)


def supprimer(apps, schema_editor):
    noms = list(PAR_DEPOT)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP STATISTICS IF EXISTS "demande_agent_prefecture"')
        noms += [nom for nom in POSTGRESQL if nom != "demande_agent_prefecture"]
    for nom in noms:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{nom}"')


class Migration(migrations.Migration):
    dependencies = [
        ("instruction", "0002_roles"),
        ("accounts", "0004_agents_gerer_permission"),
        ("demandes", "0004_cycle_de_vie_et_historique"),
    ]

    operations = [migrations.RunPython(creer, supprimer)]
