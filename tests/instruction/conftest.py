"""The deposited request of the Nord, its instructeur and valideur that the services tests
(test_services*.py) take as fixtures; a test module defining its own keeps its own."""

import pytest

from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent


@pytest.fixture()
def demande():
    return DemandeFactory(deposee=True)


@pytest.fixture()
def instructeur(demande):
    return agent("instructeur", prefecture=demande.prefecture)


@pytest.fixture()
def valideur(demande):
    return agent("valideur", prefecture=demande.prefecture)
