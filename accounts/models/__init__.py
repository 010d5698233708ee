from accounts.models.agents import ActeAgent, Agent, NatureActeAgent
from accounts.models.inscription import Inscription
from accounts.models.registre import Departement, DocumentSejour, NatureDocument, Prefecture, Sexe
from accounts.models.user import StatutCompte, User

__all__ = [
    "ActeAgent",
    "Agent",
    "Departement",
    "DocumentSejour",
    "Inscription",
    "NatureActeAgent",
    "NatureDocument",
    "Prefecture",
    "Sexe",
    "StatutCompte",
    "User",
]
