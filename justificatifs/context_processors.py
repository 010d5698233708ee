from justificatifs.regles import limites_envoi


def limites(request) -> dict:
    """`limites_fichiers` on every page: the upload limits the help texts print."""
    return {"limites_fichiers": limites_envoi()}
