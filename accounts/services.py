"""Account lifecycle: creation from the registry, e-mail checks, passwords and sessions."""

import secrets
import string

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts import tokens
from accounts.models import DocumentSejour, Inscription, NatureDocument, StatutCompte, User
from accounts.models.user import normaliser_identifiant
from accounts.selectors import email_deja_utilise
from anef import limites
from notifications.services import courriel_programmer


class CompteError(Exception):
    """A refusal to show the user as it is."""


class LienDejaUtilise(CompteError):
    pass


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _envoi_autorise(*, destinataire: str, espace: str, valeur: str, maximum: int) -> bool:
    """Count one account mail for `valeur` (identifier, document) and for its recipient; False
    past either cap, so a form can be replayed without turning us into a mail cannon."""
    fenetre = settings.ACCOUNT_LIMITS_WINDOW
    if limites.compter(espace, valeur, fenetre=fenetre) > maximum:
        return False
    return (
        limites.compter("courriels-destinataire", destinataire, fenetre=fenetre)
        <= settings.ACCOUNT_MAILS_PER_RECIPIENT
    )


def inscription_demander(*, document: DocumentSejour, email: str) -> Inscription | None:
    """Step 2 of the account creation: record the e-mail and send the 24-hour link (nothing past
    the mail caps: the applicant sees the same page)."""
    if not _envoi_autorise(
        destinataire=email,
        espace="inscriptions-document",
        valeur=document.numero,
        maximum=settings.ACCOUNT_CREATION_MAILS_PER_DOCUMENT,
    ):
        return None
    with transaction.atomic():
        inscription = Inscription.objects.create(document=document, email=email)
        token = tokens.make({"i": inscription.pk}, salt=tokens.INSCRIPTION_SALT)
        courriel_programmer(
            destinataire=email,
            modele="inscription_confirmation",
            contexte={"lien": _absolute(reverse("accounts:inscription_lien", args=[token]))},
        )
    return inscription


def inscription_lire(token: str) -> Inscription:
    """The pending creation behind a link; raises LienExpire, LienInvalide or LienDejaUtilise."""
    payload = tokens.read(token, salt=tokens.INSCRIPTION_SALT)
    inscription = Inscription.objects.select_related("document").filter(pk=payload.get("i")).first()
    if inscription is None:
        raise tokens.LienInvalide
    if inscription.terminee_le is not None:
        raise LienDejaUtilise
    return inscription


def inscription_terminer(*, inscription: Inscription, password: str) -> User:
    """Create the account once the e-mail is proven and the password chosen."""
    document = inscription.document
    with transaction.atomic():
        locked = Inscription.objects.select_for_update().get(pk=inscription.pk)
        if locked.terminee_le is not None:
            raise LienDejaUtilise
        par_visa = document.connexion_par_email
        user = User(
            identifiant=inscription.email if par_visa else document.numero_etranger,
            numero_etranger=None if par_visa else document.numero_etranger,
            email=inscription.email,
            nom=document.nom_naissance,
            prenom=document.prenoms,
            document=document,
            statut=StatutCompte.EN_ATTENTE_NUMERO if par_visa else StatutCompte.ACTIF,
        )
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as exc:
            raise CompteError(
                _(
                    "Un compte existe déjà pour ce document ou cette adresse email. "
                    "Connectez-vous ou utilisez « Mot de passe oublié ? »."
                )
            ) from exc
        locked.terminee_le = timezone.now()
        locked.save(update_fields=["terminee_le"])
    return user


def mot_de_passe_provisoire() -> str:
    """A random password that satisfies the service policy."""
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(12))
    return (
        core
        + secrets.choice(string.ascii_uppercase)
        + secrets.choice(string.ascii_lowercase)
        + secrets.choice(string.digits)
        + secrets.choice("#%@_-")
    )


def compte_attribuer_numero_etranger(*, user: User, numero_etranger: str, par: User) -> str:
    """Called when instruction starts for a visa-only holder: the N° étranger becomes the login
    and a temporary password, to change at first login, is sent by e-mail."""
    password = mot_de_passe_provisoire()
    with transaction.atomic():
        if User.objects.filter(numero_etranger=numero_etranger).exclude(pk=user.pk).exists():
            raise CompteError(_("Ce N° étranger est déjà celui d'un autre compte."))
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.numero_etranger = numero_etranger
        locked.identifiant = numero_etranger
        locked.statut = StatutCompte.ACTIF
        locked.doit_changer_mot_de_passe = True
        locked.set_password(password)
        locked.save()
        courriel_programmer(
            destinataire=locked.email,
            modele="compte_identifiant_provisoire",
            contexte={
                "identifiant": numero_etranger,
                "mot_de_passe": password,
                "lien": _absolute(reverse("accounts:connexion")),
            },
        )
    return password


def numero_etranger_allouer(*, departement: str, document: DocumentSejour | None = None) -> str:
    """A new N° étranger (10 digits, starting with the département of the prefecture that
    allocates it), used by no account and no registry entry."""
    code = departement[:2].replace("2A", "20").replace("2B", "20")
    while True:
        numero = f"{code}{secrets.randbelow(10**8):08d}"
        pris = (
            User.objects.filter(numero_etranger=numero).exists()
            or DocumentSejour.objects.filter(numero_etranger=numero).exists()
        )
        if not pris:
            return numero


def titre_enregistrer(
    *,
    usager: User,
    numero: str,
    type_titre: str,
    motif: str,
    mention: str,
    debut,
    fin,
    prefecture,
    modele: DocumentSejour | None,
) -> DocumentSejour:
    """Enter a card handed to its holder in the registry, with the état civil of the document
    the request was filed with: it becomes the holder's current title (Mon statut actuel)."""
    modele = modele or usager.document
    if modele is None or not usager.numero_etranger:
        raise CompteError(_("Le titulaire n'a pas de N° étranger ni de document de référence."))
    return DocumentSejour.objects.create(
        numero=numero,
        nature=NatureDocument.TITRE_SEJOUR,
        numero_etranger=usager.numero_etranger,
        nom_naissance=modele.nom_naissance,
        prenoms=modele.prenoms,
        sexe=modele.sexe,
        date_naissance=modele.date_naissance,
        pays_naissance=modele.pays_naissance,
        lieu_naissance=modele.lieu_naissance,
        nationalite=modele.nationalite,
        type_titre=type_titre,
        motif=motif,
        mention=mention,
        date_debut_validite=debut,
        date_fin_validite=fin,
        prefecture=prefecture,
    )


def mot_de_passe_reinitialisation_demander(*, identifiant: str) -> None:
    """Send a single-use reset link (24 h) if the identifier exists; say nothing otherwise.
    Runs in a Celery task (accounts.tasks), so the page costs the same for any identifier."""
    identifiant = normaliser_identifiant(identifiant)
    user = User.objects.filter(identifiant=identifiant, is_active=True).first()
    if user is None or not user.email:
        return
    if not _envoi_autorise(
        destinataire=user.email,
        espace="reinitialisations-identifiant",
        valeur=identifiant,
        maximum=settings.ACCOUNT_RESETS_PER_IDENTIFIER,
    ):
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    courriel_programmer(
        destinataire=user.email,
        modele="mot_de_passe_reinitialisation",
        contexte={
            "lien": _absolute(reverse("accounts:mot_de_passe_reinitialiser", args=[uid, token]))
        },
    )


def _cle_lien_utilise(token: str) -> str:
    return f"accounts:reinitialisation-utilisee:{tokens.digest(token)}"


def reinitialisation_lien_utilise(token: str) -> bool:
    """Whether this reset link already set a password (to say so instead of « invalid »)."""
    return bool(cache.get(_cle_lien_utilise(token)))


def mot_de_passe_reinitialiser(*, user: User, token: str, password: str) -> None:
    """A completed reset: new password, every session ended, and the login lockout of this
    identifier lifted (the lockout message sends people here)."""
    mot_de_passe_changer(user=user, password=password)
    axes_reset(username=user.identifiant)
    cache.set(_cle_lien_utilise(token), True, settings.PASSWORD_RESET_TIMEOUT)


def mot_de_passe_changer(*, user: User, password: str) -> None:
    """Changing the password ends every other session (the session hash covers it)."""
    user.set_password(password)
    user.doit_changer_mot_de_passe = False
    user.save(update_fields=["password", "doit_changer_mot_de_passe"])


def sessions_terminer(*, user: User) -> None:
    """End every session of this user (used at logout)."""
    User.objects.filter(pk=user.pk).update(session_salt=secrets.token_hex(16))


def telephone_modifier(*, user: User, telephone) -> None:
    user.telephone = telephone
    user.save(update_fields=["telephone"])


def email_changement_demander(*, user: User, email: str) -> None:
    """The new address takes effect only once the link sent to it is opened."""
    with transaction.atomic():
        user.email_en_attente = email
        user.save(update_fields=["email_en_attente"])
        if not _envoi_autorise(
            destinataire=email,
            espace="changements-email-compte",
            valeur=str(user.pk),
            maximum=settings.ACCOUNT_MAILS_PER_RECIPIENT,
        ):
            return
        token = tokens.make(
            {"u": user.pk, "e": tokens.digest(email)}, salt=tokens.EMAIL_CHANGE_SALT
        )
        courriel_programmer(
            destinataire=email,
            modele="email_changement",
            contexte={"lien": _absolute(reverse("accounts:email_lien", args=[token]))},
        )


def email_changement_confirmer(*, token: str) -> User:
    payload = tokens.read(token, salt=tokens.EMAIL_CHANGE_SALT)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload.get("u")).first()
        if user is None:
            raise tokens.LienInvalide
        if not user.email_en_attente or tokens.digest(user.email_en_attente) != payload.get("e"):
            raise LienDejaUtilise
        nouvelle = user.email_en_attente.lower()
        # Taken by another account since the link was sent: the constraint would refuse it.
        if email_deja_utilise(nouvelle, sauf=user) or (
            User.objects.filter(identifiant=nouvelle).exclude(pk=user.pk).exists()
        ):
            raise CompteError(_("Cette adresse email est déjà associée à un autre compte."))
        if user.statut == StatutCompte.EN_ATTENTE_NUMERO:
            user.identifiant = nouvelle
        user.email = nouvelle
        user.email_en_attente = ""
        user.save(update_fields=["email", "email_en_attente", "identifiant"])
    return user


# What an applicant typed on a page whose POST arrived after the session had expired: kept on
# the server (the cache), for the same user and path only, until they log in again.
SAISIE_CONSERVEE_DUREE = 3600
_SAISIE_CLE = "accounts:saisie-expiree:{pk}"
_SAISIE_IGNOREE = ("csrfmiddlewaretoken", "password", "mot_de_passe")
_SAISIE_MAXIMUM = 200


def saisie_conserver(*, usager: User, chemin: str, donnees) -> None:
    """Keep a POST's fields (not its files, passwords or CSRF token) for `saisie_reprendre`."""
    champs = {
        cle: donnees.getlist(cle)
        for cle in list(donnees)[:_SAISIE_MAXIMUM]
        if not any(mot in cle for mot in _SAISIE_IGNOREE)
    }
    cache.set(
        _SAISIE_CLE.format(pk=usager.pk),
        {"chemin": chemin, "champs": champs},
        SAISIE_CONSERVEE_DUREE,
    )


def saisie_reprendre(*, usager: User, chemin: str):
    """The fields kept for this user on this path as a QueryDict, once; None otherwise."""
    cle = _SAISIE_CLE.format(pk=usager.pk)
    conservee = cache.get(cle)
    if not conservee or conservee.get("chemin") != chemin:
        return None
    cache.delete(cle)
    donnees = QueryDict(mutable=True)
    for champ, valeurs in conservee["champs"].items():
        donnees.setlist(champ, valeurs)
    return donnees
