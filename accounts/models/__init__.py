from accounts.models.inscription import Inscription
from accounts.models.registre import Departement, DocumentSejour, NatureDocument, Prefecture, Sexe
from accounts.models.user import StatutCompte, User

__all__ = [
    "Departement",
    "DocumentSejour",
    "Inscription",
    "NatureDocument",
    "Prefecture",
    "Sexe",
    "StatutCompte",
    "User",
]
