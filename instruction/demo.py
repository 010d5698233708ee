"""Demo requests of `manage.py seed_demo`: in the Préfecture du Nord, one request in every state
after the deposit, each of its own demo applicant, moved there by the real services (so each has
its history, its complements, decisions, attestations and notifications), for an agent to try
every action at once.

Idempotent: an applicant who already has a deposited request is left as it is (an agent may
have moved it on since). The applicants' answers go through the wizard's own forms; two files
go through the uploads' content checks (`justificatifs.services.fichier_ajouter`) so that an
agent has a PDF and an image to open; the other documents are not attached."""

import datetime
import io
import unicodedata
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import MOT_DE_PASSE
from accounts.models import DocumentSejour, NatureDocument, StatutCompte, User
from accounts.registre_csv import documents_enregistrer
from demandes import services as demandes_services
from demandes import wizard
from demandes.etats import Transition
from demandes.models import Demande, Situation
from demandes.transitions import transition_appliquer
from instruction import complements, services
from instruction.demo_donnees import (
    AGENTS,
    DEMANDES,
    REPONSES,
    DemandeDemo,
    E,
    documents_demo,
    email,
    identifiant,
    numero_document,
)
from instruction.models import Complement, MotifComplement, ReponseComplement, TypeCarte
from instruction.roles import groupe_de
from justificatifs import services as justificatifs_services
from justificatifs.validation import verifier_fichier


def demandes_demo_creer(*, aujourdhui: datetime.date, prefecture_id: int) -> list[Demande]:
    """Create what is missing and return the demo requests, in the order of DEMANDES."""
    agents = {code: _agent(code, role, noms, prefecture_id) for code, role, noms in AGENTS}
    documents_enregistrer(documents=documents_demo(aujourdhui, prefecture_id))
    demandes = []
    for demo in DEMANDES:
        document = DocumentSejour.objects.get(numero=numero_document(demo))
        usager = _usager(demo, document)
        demande = (
            Demande.objects.filter(usager=usager)
            .exclude(etat=E.BROUILLON)
            .order_by("deposee_le")
            .first()
        )
        if demande is None:
            with transaction.atomic():
                demande = _deposer(usager, document)
                _mener(demande, demo, agents["agent.nord"], agents["valideur.nord"], aujourdhui)
        demande.refresh_from_db()
        demandes.append(demande)
    return demandes


def agents_demo() -> list[tuple[str, object]]:
    return [(code, role) for code, role, _noms in AGENTS]


def _agent(code: str, role, noms, prefecture_id: int) -> User:
    agent = User.objects.filter(identifiant=code).first()
    if agent is None:
        prenom, nom = noms
        agent = User.objects.create_user(
            code,
            MOT_DE_PASSE,
            is_staff=True,
            prenom=prenom,
            nom=nom,
            email=f"{code}@interieur.exemple.fr",
            prefecture_id=prefecture_id,
        )
    agent.groups.add(groupe_de(role))
    return agent


def _usager(demo: DemandeDemo, document: DocumentSejour) -> User:
    usager = User.objects.filter(email=email(demo)).first()
    if usager is None:
        usager = User.objects.create_user(
            identifiant(demo),
            MOT_DE_PASSE,
            email=email(demo),
            numero_etranger=demo.numero_etranger or None,
            nom=demo.nom,
            prenom=demo.prenom,
            document=document,
            statut=StatutCompte.ACTIF if demo.numero_etranger else StatutCompte.EN_ATTENTE_NUMERO,
        )
    elif not usager.doit_changer_mot_de_passe and not usager.check_password(MOT_DE_PASSE):
        usager.set_password(MOT_DE_PASSE)
        usager.save(update_fields=["password"])
    return usager


def _deposer(usager: User, document: DocumentSejour) -> Demande:
    """A student's renewal filled through the wizard's forms, then deposited (the deposit's
    transition, without the checks on files the demo does not attach)."""
    demande = demandes_services.brouillon_creer(
        usager=usager,
        motif_code="etudiant",
        renouvellement=document.nature != NatureDocument.VISA,
        situation=Situation.VISA if document.nature == NatureDocument.VISA else Situation.TITRE,
        document=document,
        par=usager,
    )
    motif = wizard.motif_de(demande)
    for etape in wizard.etapes_saisie(motif):
        if etape.code not in REPONSES:
            continue
        donnees = {**REPONSES[etape.code]}
        if etape.code == "personnel":
            donnees["email"] = usager.email
        form = etape.form(
            donnees,
            initial={},
            saisie=wizard.saisie_de(demande),
            motif=motif,
            demande=demande,
        )
        if not form.is_valid():
            raise ValueError(f"Réponses de démonstration refusées ({etape.code}) : {form.errors}")
        demande = demandes_services.etape_enregistrer(
            demande=demande, etape=etape.code, donnees=form.donnees(), par=usager
        )

    _justificatifs_joindre(demande, usager)

    def deposer(locked: Demande) -> None:
        departement = demandes_services.departement_de(locked)
        maintenant = timezone.now()
        locked.numero = demandes_services._numero_suivant(
            departement=departement.code, le=timezone.localdate(maintenant)
        )
        locked.prefecture = departement.prefecture
        locked.deposee_le = maintenant

    return transition_appliquer(
        demande=demande, transition=Transition.DEPOSER, par=usager, appliquer=deposer
    )


def _justificatifs_joindre(demande: Demande, usager: User) -> None:
    """The first document as a scanned PDF (the complement of the demo asks it again as « non
    lisible »: it was provided) and the third as a photo; the second stays missing."""
    pieces = [p for p in wizard.pieces_demandees(demande) if not p.ephoto]
    premiere = io.BytesIO(
        pdf_texte([str(pieces[0].libelle), f"{usager.prenom} {usager.nom}", "Copie numérisée."])
    )
    premiere.name = f"{pieces[0].code}.pdf"
    justificatifs_services.fichier_ajouter(
        demande=demande, piece=pieces[0].code, upload=premiere, par=usager
    )
    if len(pieces) > 2:
        photo = io.BytesIO(_photo_png(str(pieces[2].libelle)))
        photo.name = f"{pieces[2].code}.png"
        justificatifs_services.fichier_ajouter(
            demande=demande, piece=pieces[2].code, upload=photo, par=usager
        )


def _photo_png(texte: str) -> bytes:
    """A document photographed with a phone: a light page with a line of text."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 560), (246, 244, 238))
    dessin = ImageDraw.Draw(image)
    dessin.rectangle((30, 30, 770, 530), outline=(60, 60, 60), width=3)
    dessin.text(
        (60, 80),
        unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode(),
        fill=(20, 20, 20),
    )
    sortie = io.BytesIO()
    image.save(sortie, format="PNG")
    return sortie.getvalue()


def _elements(demande: Demande) -> list[dict]:
    pieces = {p.code: p for p in wizard.pieces_demandees(demande) if not p.ephoto}
    premiere, seconde = list(pieces.values())[:2]
    return [
        {
            "piece": premiere.code,
            "libelle": str(premiere.libelle),
            "motif": MotifComplement.NON_LISIBLE,
            "observation": "Le document est flou : la date n'est pas lisible.",
        },
        {
            "piece": seconde.code,
            "libelle": str(seconde.libelle),
            "motif": MotifComplement.MANQUANT,
            "observation": "Merci de fournir un document de moins de 3 mois.",
        },
    ]


def _mener(demande, demo, instructeur, valideur, aujourdhui) -> None:
    """Walk a deposited request to the demo's state through the services."""
    cible = demo.etat
    if cible == E.DEPOSEE:
        return
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    if cible == E.CLASSEE_SANS_SUITE:
        demandes_services.demande_desister(demande=demande, par=demande.usager)
        return
    if cible in (E.COMPLEMENT_DEMANDE, E.COMPLEMENT_RECU, E.CLOTUREE):
        complement = services.complement_demander(
            demande=demande, elements=_elements(demande), par=instructeur
        )
        if cible == E.COMPLEMENT_DEMANDE:
            services.adp_delivrer(
                demande=demande,
                debut=aujourdhui,
                fin=aujourdhui + datetime.timedelta(days=90),
                par=instructeur,
            )
        elif cible == E.COMPLEMENT_RECU:
            _complement_repondre(demande, complement)
        else:
            services.demande_cloturer(
                demande=demande,
                motif="Les documents demandés n'ont pas été fournis dans le délai de 30 jours.",
                par=instructeur,
            )
        return
    if cible == E.EN_INSTRUCTION:
        return
    if cible == E.DECISION_DEFAVORABLE:
        services.decision_proposer(
            demande=demande,
            sens="defavorable",
            motifs_refus=(
                "Les ressources justifiées sont inférieures au montant minimal exigé pour "
                "un étudiant."
            ),
            document_refus=_refus_pdf(demande),
            par=instructeur,
        )
    else:
        services.decision_proposer(
            demande=demande,
            sens="favorable",
            type_carte=TypeCarte.PLURIANNUELLE,
            date_debut=aujourdhui,
            date_fin=aujourdhui + datetime.timedelta(days=4 * 365),
            mention="ETUDIANT",
            montant_taxe=Decimal("75"),
            autorise_travail=True,
            par=instructeur,
        )
    if cible == E.DECISION_PROPOSEE:
        return
    services.decision_signer(demande=demande, par=valideur)
    if cible in (E.DECISION_FAVORABLE, E.DECISION_DEFAVORABLE):
        return
    services.titre_lancer_fabrication(demande=demande, par=instructeur)
    if cible == E.TITRE_EN_FABRICATION:
        return
    services.titre_disponible(demande=demande, par=instructeur)
    if cible == E.TITRE_DISPONIBLE:
        return
    rang = DEMANDES.index(demo) + 1
    services.titre_remettre(
        demande=demande,
        numero_titre=f"59DEMO{rang:04d}",
        numero_timbre=f"{5900000000000000 + rang}",
        montant_timbre=Decimal("75"),
        par=instructeur,
    )


def _complement_repondre(demande: Demande, complement: Complement) -> None:
    """The applicant opens the complement and answers it through the real service, each
    document maintained with a reason (the demo attaches no file)."""
    complements.complement_accuser(complement=complement, par=demande.usager)
    complements.complement_repondre(
        complement=complement,
        reponses={
            element.pk: complements.Reponse(
                ReponseComplement.MAINTENIR, "Le document joint au dépôt est complet et lisible."
            )
            for element in complement.elements.all()
        },
        message="Voici les documents demandés.",
        par=demande.usager,
    )


def _refus_pdf(demande: Demande):
    """The signed refusal the prefecture uploads: a one-page PDF, checked as uploads are."""
    lignes = [
        "Préfecture du Nord",
        "Décision de refus de titre de séjour",
        f"Demande n° {demande.numero}",
        f"{demande.usager.prenom} {demande.usager.nom}",
        "Document de démonstration.",
    ]
    return verifier_fichier(io.BytesIO(pdf_texte(lignes))).contenu


def pdf_texte(lignes: list[str]) -> bytes:
    """A one-page A4 PDF printing `lignes` in Helvetica (WinAnsi: French accents)."""

    def litteral(texte: str) -> bytes:
        octets = texte.encode("cp1252")
        return (
            b"(" + octets.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
        )

    flux = (
        b"BT /F1 14 Tf 72 770 Td 20 TL "
        + b" ".join(litteral(ligne) + b" Tj T*" for ligne in lignes)
        + b" ET"
    )
    objets = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(flux)).encode() + b" >>\nstream\n" + flux + b"\nendstream",
    ]
    sortie = io.BytesIO()
    sortie.write(b"%PDF-1.4\n")
    positions = []
    for rang, objet in enumerate(objets, start=1):
        positions.append(sortie.tell())
        sortie.write(f"{rang} 0 obj\n".encode() + objet + b"\nendobj\n")
    xref = sortie.tell()
    sortie.write(f"xref\n0 {len(objets) + 1}\n0000000000 65535 f \n".encode())
    for position in positions:
        sortie.write(f"{position:010d} 00000 n \n".encode())
    sortie.write(
        f"trailer\n<< /Size {len(objets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return sortie.getvalue()
