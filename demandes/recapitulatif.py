"""What the Récapitulatif shows: each part's answers as label/value rows, read back through the
step forms so labels and option wording are the catalogue's own."""

from dataclasses import dataclass, field

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from demandes import wizard
from demandes.catalogue.types import NatureEtape
from justificatifs import selectors as justificatifs_selectors


@dataclass
class Ligne:
    libelle: str
    valeur: str


@dataclass
class Bloc:
    titre: str
    code: str
    lignes: list[Ligne] = field(default_factory=list)


@dataclass
class Partie:
    index: int
    titre: str
    blocs: list[Bloc]
    validee: bool
    ouverte: bool = False


def _affichage(champ: forms.Field, valeur) -> str:
    if valeur in (None, "", []):
        return "—"
    if isinstance(champ, forms.BooleanField):
        return _("Oui") if valeur else _("Non")
    choices = dict(getattr(champ, "choices", []) or [])
    if choices:
        return str(choices.get(valeur, valeur))
    return str(valeur)


def _montant(valeur: str) -> str:
    """« 615,50 », « 700 »: as the applicant typed it, in the page's language."""
    return floatformat(valeur, "-2")


def _par_mois(valeur: str) -> str:
    return _("%(montant)s €/mois") % {"montant": _montant(valeur)}


def lignes_ressources(form, donnees: dict) -> list[tuple[str, str]]:
    """The resources step's lines (`Etape.lignes_recap`): « Ressource n », origin and amount,
    then the total."""
    champ_origine = form.ressources.forms[0].fields["origine"]
    lignes = [
        (
            _("Ressource %(n)s") % {"n": numero},
            f"{_affichage(champ_origine, ligne['origine'])} — {_par_mois(ligne['montant'])}",
        )
        for numero, ligne in enumerate(donnees.get("ressources", []), start=1)
    ]
    lignes.append((_("Montant total des ressources"), _par_mois(donnees["total"])))
    return lignes


def _bloc_formulaire(demande, etape) -> Bloc:
    donnees = demande.saisie.get(etape.code) or {}
    form = etape.form(
        initial=donnees,
        saisie=wizard.saisie_de(demande),
        motif=wizard.motif_de(demande),
        demande=demande,
    )
    bloc = Bloc(titre=str(etape.titre), code=etape.code)
    if etape.lignes_recap is not None and donnees:
        bloc.lignes += [Ligne(*ligne) for ligne in etape.lignes_recap(form, donnees)]
    for name, champ in form.fields.items():
        if name in donnees:
            if donnees[name] in (None, "", False) and not champ.required:
                continue
            bloc.lignes.append(Ligne(str(champ.label), _affichage(champ, donnees[name])))
    return bloc


def _bloc_justificatifs(demande, etape) -> Bloc:
    bloc = Bloc(titre=str(etape.titre), code=etape.code)
    fichiers = justificatifs_selectors.fichiers_par_piece(demande)
    ephoto = justificatifs_selectors.ephoto_de(demande)
    for piece in wizard.pieces_demandees(demande):
        if piece.ephoto:
            valeur = ephoto.code_groupe if ephoto else "—"
            bloc.lignes.append(Ligne(_("Numéro ephoto"), valeur))
        else:
            noms = ", ".join(f.nom for f in fichiers.get(piece.code, [])) or "—"
            bloc.lignes.append(Ligne(str(piece.libelle), noms))
    return bloc


def resume(demande) -> list[Partie]:
    motif = wizard.motif_de(demande)
    parties = motif.parties_recap
    if not parties:
        return []
    result = []
    for index, partie in enumerate(parties):
        blocs = []
        for code in partie.etapes:
            etape = motif.etape(code)
            if etape.nature == NatureEtape.JUSTIFICATIFS:
                blocs.append(_bloc_justificatifs(demande, etape))
            else:
                blocs.append(_bloc_formulaire(demande, etape))
        result.append(Partie(index, str(partie.titre), blocs, index in demande.parties_validees))
    for partie in result:
        if not partie.validee:
            partie.ouverte = True
            break
    return result


def saisie_complete(demande) -> list[Bloc]:
    """Every input step's answers, as blocks labelled like the récapitulatif's, whatever the
    motif's récapitulatif groups (the agents' request page; the ASE motif has no parts)."""
    blocs = []
    for etape in wizard.etapes_saisie(wizard.motif_de(demande)):
        if etape.nature == NatureEtape.JUSTIFICATIFS:
            blocs.append(_bloc_justificatifs(demande, etape))
        else:
            blocs.append(_bloc_formulaire(demande, etape))
    return blocs
