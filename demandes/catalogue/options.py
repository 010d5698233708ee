"""Option lists of the wizard, worded as the service shows them."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

OUI_NON = [("oui", _("Oui")), ("non", _("Non"))]

SITUATIONS_FAMILIALES = [
    ("celibataire", _("Célibataire")),
    ("concubin", _("Concubin(e)")),
    ("divorce", _("Divorcé(e)")),
    ("marie", _("Marié(e)")),
    ("pacse", _("Pacsé(e)")),
    ("separe", _("Séparé(e)")),
    ("veuf", _("Veuf(ve)")),
]
SITUATIONS_EN_COUPLE = {"concubin", "marie", "pacse"}
# Situations that contradict « Oui » to « Etes-vous marié, pacsé ou en concubinage ? » (a
# separated spouse is still married; someone divorced or widowed living with a partner answers
# « Concubin(e) »).
SITUATIONS_SEUL = {"celibataire", "divorce", "veuf"}

NATIONALITES_CONJOINT = [
    ("francaise", _("Française")),
    ("ue", _("D'un pays de l'Union européenne")),
    ("autre", _("Autre pays")),
]

TYPES_ETABLISSEMENT = [
    ("universite", _("Université")),
    ("ingenieur", _("École d'ingénieur")),
    ("commerce", _("École de commerce, gestion et comptabilité")),
    (
        "lycee",
        _(
            "Lycée comportant une section de techniciens supérieurs ou une préparation aux "
            "diplômes des métiers d'art"
        ),
    ),
    ("iut", _("Institut universitaire technologique")),
    ("cpge", _("Classe préparatoire aux grandes écoles")),
    ("beaux_arts", _("École des beaux-arts ou école nationale d'art")),
    ("architecture", _("École d'architecture")),
    ("autre", _("Autre")),
]

CYCLES = [
    ("licence", _("Licence")),
    ("master", _("Master")),
    ("doctorat", _("Doctorat")),
    ("bts", _("BTS")),
    ("dut", _("DUT")),
    ("autre", _("Autre")),
]

NIVEAUX = [
    ("l1", "L1"),
    ("l2", "L2"),
    ("l3", "L3"),
    ("m1", "M1"),
    ("m2", "M2"),
    ("doctorat1", _("Doctorat 1ère année")),
    ("doctorat2", _("Doctorat 2ème année")),
    ("doctorat3", _("Doctorat 3ème année")),
    ("bts1", _("BTS 1ère année")),
    ("bts2", _("BTS 2ème année")),
    ("autre", _("Autre")),
]

DISCIPLINES = [
    ("agriculture", _("Agriculture-agroalimentaire")),
    ("architecture", _("Architecture, urbanisme et aménagement du territoire")),
    ("arts", _("Arts, culture, design et mode")),
    ("biologie", _("Biologie")),
    ("chimie", _("Chimie")),
    ("communication", _("Communication, multimédia et journalisme")),
    ("droit", _("Droit")),
    ("environnement", _("Environnement et science de la terre")),
    ("informatique", _("Informatique")),
    ("langues", _("Langues et lettres")),
    ("management", _("Management, gestion, finances et commerce")),
    ("mathematiques", _("Mathématiques")),
    ("physique", _("Physique")),
    ("sante", _("Santé et professions sociales")),
    ("education", _("Science de l'éducation")),
    ("ingenieur", _("Science de l'ingénieur")),
    ("eco_po", _("Sciences économiques et politiques")),
    ("shs", _("Sciences humaines et sociales")),
    ("sports", _("Sports")),
]

RESULTATS_ANNEE = [
    ("validee", _("Validée")),
    ("non_validee", _("Non validée")),
    ("en_attente", _("En attente des résultats")),
]

ORIGINES_RESSOURCES = [
    ("salarie", _("Salarié")),
    ("boursier", _("Boursier")),
    ("pris_en_charge", _("Pris en charge")),
    ("personnelles", _("Ressources personnelles")),
]


_TRADUITES: dict[tuple[int, str | None], tuple[list, tuple]] = {}


def traduites(options: list) -> tuple:
    """One of the lists above with its labels in the active language, translated once per
    language and process: each lazy label costs a catalogue lookup every time it is shown, and
    the étudiant motif step shows about a hundred. These lists live as long as the process, so
    their identity is a key (kept beside it: an id is only unique while its object lives)."""
    cle = (id(options), get_language())
    connue = _TRADUITES.get(cle)
    if connue is None or connue[0] is not options:
        connue = (options, tuple((valeur, str(libelle)) for valeur, libelle in options))
        _TRADUITES[cle] = connue
    return connue[1]
