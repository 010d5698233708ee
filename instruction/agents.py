"""Agents' accounts: creation (by an administrateur local or `manage.py create_agent`), the
single-use enrolment link, deactivation, and the second factor (TOTP enrolment, backup codes,
reset). Every act on an account is an `ActeAgent` row (who, what, when) besides the account's
simple-history."""

from base64 import b32encode

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import tokens
from accounts.models import ActeAgent, NatureActeAgent, Prefecture, User
from instruction.roles import ROLES, Role, groupe_de

ENROLEMENT_SALT = "instruction.enrolement"
NOMBRE_CODES_SECOURS = 10
NOM_APPLICATION = "application"
NOM_CODES_SECOURS = "codes de secours"


class AgentError(Exception):
    """A refusal to show as it is (French, displayable)."""


class LienExpire(AgentError):
    pass


class LienInvalide(AgentError):
    pass


class LienDejaUtilise(AgentError):
    pass


def _audit(*, agent: User, nature: str, par: User | None) -> ActeAgent:
    return ActeAgent.objects.create(agent=agent, nature=nature, par=par)


def agent_creer(
    *,
    prefecture: Prefecture,
    role: Role,
    email: str,
    nom: str = "",
    prenom: str = "",
    par: User | None,
) -> User:
    """A staff account of `prefecture` with the group of `role`, identified by its e-mail in
    lower case, without a usable password: the agent chooses one through the enrolment link.
    `par` None: the command line."""
    if role.code not in ROLES:
        raise AgentError(_("Rôle inconnu."))
    email = email.strip().lower()
    deja = _("Un compte existe déjà avec cette adresse email.")
    if User.objects.filter(Q(identifiant=email) | Q(email__iexact=email)).exists():
        raise AgentError(deja)
    try:
        with transaction.atomic():
            agent = _creer(
                prefecture=prefecture, role=role, email=email, nom=nom, prenom=prenom, par=par
            )
    except IntegrityError as exc:  # the same address submitted twice at once
        raise AgentError(deja) from exc
    return agent


def _creer(*, prefecture, role, email, nom, prenom, par) -> User:
    agent = User(
        identifiant=email,
        email=email,
        nom=nom.strip().upper(),
        prenom=prenom.strip(),
        is_staff=True,
        prefecture=prefecture,
    )
    agent.set_unusable_password()
    agent._history_user = par
    agent.save()
    agent.groups.add(groupe_de(role))
    _audit(agent=agent, nature=NatureActeAgent.CREATION, par=par)
    return agent


def agent_desactiver(*, agent: User, par: User) -> None:
    """The account can no longer log in; its devices go (a reactivation enrols again)."""
    # As a `User`: simple-history listens to that class, not to the `Agent` proxy's saves.
    compte = User.objects.get(pk=agent.pk)
    with transaction.atomic():
        compte.is_active = agent.is_active = False
        compte._history_user = par
        compte.save(update_fields=["is_active"])
        _supprimer_dispositifs(agent)
        _audit(agent=agent, nature=NatureActeAgent.DESACTIVATION, par=par)


def second_facteur_reinitialiser(*, agent: User, par: User) -> None:
    """Deletes the agent's devices (application and backup codes): a session verified with them
    is no longer, and the next login goes through enrolment again."""
    with transaction.atomic():
        _supprimer_dispositifs(agent)
        _audit(agent=agent, nature=NatureActeAgent.REINITIALISATION_SECOND_FACTEUR, par=par)


def _supprimer_dispositifs(agent: User) -> None:
    TOTPDevice.objects.filter(user=agent).delete()
    StaticDevice.objects.filter(user=agent).delete()


# --- The enrolment link -----------------------------------------------------------------------


def _empreinte(agent: User) -> str:
    # The link is bound to the password it replaces: once used, it no longer matches.
    return tokens.digest(f"{agent.pk}:{agent.password}")


def lien_enrolement(agent: User) -> str:
    """The absolute URL where `agent` chooses a password then enrols: valid
    ACCOUNT_LINK_MAX_AGE (24 h), once."""
    jeton = signing.dumps({"agent": agent.pk, "empreinte": _empreinte(agent)}, salt=ENROLEMENT_SALT)
    chemin = reverse("admin:agent_enrolement_lien", args=[jeton])
    return settings.SITE_URL.rstrip("/") + chemin


def lien_enrolement_lire(jeton: str) -> User:
    """The agent the link is for; LienExpire, LienInvalide or LienDejaUtilise otherwise."""
    try:
        donnees = tokens.read(jeton, salt=ENROLEMENT_SALT)
    except tokens.LienExpire as exc:
        raise LienExpire(
            _("Ce lien a expiré (il est valable 24 heures). Demandez-en un nouveau.")
        ) from exc
    except tokens.LienInvalide as exc:
        raise LienInvalide(_("Ce lien n'est pas valide.")) from exc
    agent = User.objects.filter(pk=donnees.get("agent"), is_active=True, is_staff=True).first()
    if agent is None:
        raise LienInvalide(_("Ce lien n'est pas valide."))
    if donnees.get("empreinte") != _empreinte(agent):
        raise LienDejaUtilise(
            _(
                "Ce lien a déjà servi : il n'est utilisable qu'une fois. "
                "Connectez-vous au back-office."
            )
        )
    return agent


def mot_de_passe_initial_definir(*, jeton: str, password: str) -> User:
    """The link's use: the first password (which makes the link used), under a row lock so that
    two submits of the same link set one password."""
    with transaction.atomic():
        agent = lien_enrolement_lire(jeton)
        User.objects.select_for_update().filter(pk=agent.pk).first()
        # Again under the lock: a concurrent use of the same link has committed by now.
        agent = lien_enrolement_lire(jeton)
        agent.set_password(password)
        agent.save(update_fields=["password"])
    return agent


# --- Second factor ----------------------------------------------------------------------------


def a_un_dispositif(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def enrolement_dispositif(user: User) -> TOTPDevice:
    """The application device being enrolled (unconfirmed), created on first display and kept
    until confirmed, so that reloading the page shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=NOM_APPLICATION, confirmed=False)
    return device


def secret_lisible(device: TOTPDevice) -> str:
    """The key as the applications ask for it (base32), in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def enrolement_confirmer(*, device: TOTPDevice, code: str) -> tuple[list[str] | None, int | None]:
    """Confirms the device if `code` is right: (the backup codes, shown once, None). A wrong
    code: (None, None), or (None, seconds to wait) while wrong codes throttle the device. Any
    other application device of the user goes."""
    autorise, details = device.verify_is_allowed()
    if not autorise:
        return None, _attente(details)
    if not device.verify_token(code):
        return None, None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return codes_secours_generer(user=device.user), None


def _attente(details: dict | None) -> int:
    fin = (details or {}).get("locked_until")
    return max(1, int((fin - timezone.now()).total_seconds()) + 1) if fin else 1


def codes_secours_generer(*, user: User) -> list[str]:
    """NOMBRE_CODES_SECOURS new single-use codes, replacing the previous ones."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=NOM_CODES_SECOURS, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(NOMBRE_CODES_SECOURS)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def second_facteur_verifier(*, user: User, code: str) -> tuple[object | None, int | None]:
    """(the device `code` verifies, None) — or (None, seconds to wait) while too many wrong codes
    throttle the device (django-otp doubles the wait after each failure), or (None, None).
    Six digits are the application's code, anything else a backup code (used up once right)."""
    code = "".join(code.split()).lower()
    application = code.isdigit() and len(code) == 6
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, TOTPDevice) != application:
            continue
        autorise, details = device.verify_is_allowed()
        if not autorise:
            return None, _attente(details)
        if device.verify_token(code):
            return device, None
    return None, None
