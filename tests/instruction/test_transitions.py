"""Every (state, transition) pair against the table of `demandes.etats`: allowed pairs move the
request to the table's destination with one history row, the others are refused in French and
leave no trace. Then the refusals that depend on who acts."""

import pytest
from django.utils import timezone

from demandes.etats import (
    ETATS_DECIDES,
    ETATS_FAVORABLES,
    INSTRUIRE,
    SIGNER,
    TRANSITIONS,
    Acteur,
    EtatDemande,
    Transition,
)
from demandes.models import HistoriqueEtat, SensDecision
from demandes.transitions import TransitionRefusee, transition_appliquer
from tests.accounts.factories import PrefectureFactory, UserFactory
from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent

pytestmark = pytest.mark.django_db

PAIRES = [(etat, transition) for etat in EtatDemande for transition in Transition]


def _demande(etat: str):
    if etat == EtatDemande.BROUILLON:
        return DemandeFactory()
    return DemandeFactory(deposee=True, etat=etat)


def _acteur(demande, transition: Transition):
    """An actor of the first kind the table allows, with the permission it names."""
    r = TRANSITIONS[transition]
    if Acteur.USAGER in r.acteurs:
        return demande.usager
    if Acteur.AGENT in r.acteurs:
        prefecture = demande.prefecture or PrefectureFactory(code="59")
        return agent("valideur" if r.permission == SIGNER else "instructeur", prefecture=prefecture)
    return None


def _champs_de_destination(locked) -> None:
    """What the check constraints require of the destination state (the services write these;
    here the table alone is under test)."""
    r_vers = locked._vers
    if locked.etat == EtatDemande.BROUILLON:
        locked.numero = f"5901{timezone.localdate():%Y%m%d}{locked.pk:07d}"
        locked.deposee_le = timezone.now()
        locked.prefecture = PrefectureFactory(code="59")
    if r_vers in ETATS_DECIDES:
        locked.decision = (
            SensDecision.FAVORABLE if r_vers in ETATS_FAVORABLES else SensDecision.DEFAVORABLE
        )
        locked.decision_le = locked.decision_le or timezone.now()
    else:
        locked.decision, locked.decision_le = "", None


@pytest.mark.parametrize(("etat", "transition"), PAIRES, ids=[f"{e}-{t}" for e, t in PAIRES])
def test_each_state_and_transition_is_allowed_or_refused_as_the_table_says(etat, transition):
    r = TRANSITIONS[transition]
    demande = _demande(etat)
    par = _acteur(demande, transition)
    vers = r.destination(etat)

    def appliquer(locked):
        locked._vers = vers
        _champs_de_destination(locked)

    if etat in r.depuis:
        transition_appliquer(
            demande=demande,
            transition=transition,
            par=par,
            motif="Motif de l'action",
            donnees={"cle": "valeur"},
            appliquer=appliquer,
        )
        demande.refresh_from_db()
        assert demande.etat == vers
        ligne = HistoriqueEtat.objects.get(demande=demande)
        assert (ligne.transition, ligne.depuis, ligne.vers) == (transition, etat, vers)
        assert ligne.par == par
        assert ligne.motif == "Motif de l'action"
        assert ligne.donnees == {"cle": "valeur"}
        if vers != etat:
            assert demande.etat_depuis == ligne.le
    else:
        with pytest.raises(TransitionRefusee) as refus:
            transition_appliquer(
                demande=demande,
                transition=transition,
                par=par,
                motif="Motif de l'action",
                appliquer=appliquer,
            )
        assert str(refus.value) == (
            f"Action impossible : la demande est à l'état « {EtatDemande(etat).label} »."
        )
        demande.refresh_from_db()
        assert demande.etat == etat
        assert not HistoriqueEtat.objects.filter(demande=demande).exists()


def _refuse(demande, transition, par, message, **kwargs):
    with pytest.raises(TransitionRefusee, match=message):
        transition_appliquer(demande=demande, transition=transition, par=par, **kwargs)
    etat = demande.etat
    demande.refresh_from_db()
    assert demande.etat == etat
    assert not HistoriqueEtat.objects.filter(demande=demande).exists()


def test_an_applicant_cannot_take_an_agents_transition():
    demande = DemandeFactory(deposee=True)
    _refuse(
        demande,
        Transition.PRENDRE_EN_CHARGE,
        demande.usager,
        "Vous ne pouvez pas effectuer cette action",
    )


def test_an_agent_cannot_take_the_applicants_transition():
    demande = DemandeFactory(deposee=True, etat=EtatDemande.EN_INSTRUCTION)
    _refuse(
        demande,
        Transition.SE_DESISTER,
        agent("instructeur", prefecture=demande.prefecture),
        "Vous ne pouvez pas effectuer cette action",
    )


def test_the_service_alone_cannot_take_an_agents_transition_but_can_close():
    demande = DemandeFactory(deposee=True)
    _refuse(demande, Transition.PRENDRE_EN_CHARGE, None, "Vous ne pouvez pas effectuer")
    complement = DemandeFactory(deposee=True, etat=EtatDemande.COMPLEMENT_DEMANDE)
    transition_appliquer(
        demande=complement, transition=Transition.CLOTURER, par=None, motif="Délai expiré"
    )
    assert HistoriqueEtat.objects.get(demande=complement).par is None


def test_another_applicant_cannot_withdraw_a_request():
    demande = DemandeFactory(deposee=True)
    _refuse(demande, Transition.SE_DESISTER, UserFactory(), "n'est pas la vôtre")


def test_an_agent_of_another_prefecture_is_refused():
    demande = DemandeFactory(deposee=True)
    ailleurs = agent("instructeur", prefecture=PrefectureFactory(code="75"))
    _refuse(demande, Transition.PRENDRE_EN_CHARGE, ailleurs, "autre préfecture")


def test_a_national_administrator_may_act_on_any_prefecture():
    demande = DemandeFactory(deposee=True)
    admin = UserFactory(agent=True, is_superuser=True, prefecture=None)
    transition_appliquer(demande=demande, transition=Transition.PRENDRE_EN_CHARGE, par=admin)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.EN_INSTRUCTION


@pytest.mark.parametrize(
    ("role", "etat", "transition"),
    [
        ("valideur", EtatDemande.DEPOSEE, Transition.PRENDRE_EN_CHARGE),
        ("valideur", EtatDemande.EN_INSTRUCTION, Transition.PROPOSER_DECISION),
        ("instructeur", EtatDemande.DECISION_PROPOSEE, Transition.SIGNER_FAVORABLE),
        ("instructeur", EtatDemande.DECISION_PROPOSEE, Transition.RENVOYER_PROPOSITION),
        ("administrateur_local", EtatDemande.DEPOSEE, Transition.PRENDRE_EN_CHARGE),
        ("administrateur_local", EtatDemande.EN_INSTRUCTION, Transition.CLOTURER),
    ],
)
def test_a_role_without_the_permission_is_refused(role, etat, transition):
    demande = DemandeFactory(deposee=True, etat=etat)
    par = agent(role, prefecture=demande.prefecture)
    assert not par.has_perm(TRANSITIONS[transition].permission)
    _refuse(demande, transition, par, "Votre rôle ne permet pas", motif="Un motif")


def test_an_agent_without_any_role_is_refused():
    demande = DemandeFactory(deposee=True)
    par = UserFactory(agent=True, prefecture=demande.prefecture)
    assert not par.has_perm(INSTRUIRE)
    _refuse(demande, Transition.PRENDRE_EN_CHARGE, par, "Votre rôle ne permet pas")


@pytest.mark.parametrize(
    ("etat", "transition", "role"),
    [
        (EtatDemande.EN_INSTRUCTION, Transition.CLOTURER, "instructeur"),
        (EtatDemande.DECISION_PROPOSEE, Transition.RENVOYER_PROPOSITION, "valideur"),
    ],
)
@pytest.mark.parametrize("motif", ["", "   "])
def test_a_required_reason_is_required(etat, transition, role, motif):
    assert TRANSITIONS[transition].motif_requis
    demande = DemandeFactory(deposee=True, etat=etat)
    _refuse(
        demande,
        transition,
        agent(role, prefecture=demande.prefecture),
        "Indiquez le motif",
        motif=motif,
    )


def test_a_refusing_guard_leaves_no_trace():
    demande = DemandeFactory(deposee=True)
    _refuse(
        demande,
        Transition.PRENDRE_EN_CHARGE,
        agent("instructeur", prefecture=demande.prefecture),
        "Pas maintenant",
        gardes=lambda locked: "Pas maintenant",
    )


def test_a_failing_write_rolls_the_transition_back():
    demande = DemandeFactory(deposee=True)

    def appliquer(locked):
        raise RuntimeError("écriture impossible")

    with pytest.raises(RuntimeError):
        transition_appliquer(
            demande=demande,
            transition=Transition.PRENDRE_EN_CHARGE,
            par=agent("instructeur", prefecture=demande.prefecture),
            appliquer=appliquer,
        )
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE
    assert not HistoriqueEtat.objects.exists()
