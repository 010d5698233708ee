"""The back office's second factor (django-otp): the code step after the password, the
enrolment of the authenticator application (QR code made with segno, backup codes shown once)
and the page of the enrolment link `manage.py create_agent` prints. None of these views is an
`admin_view`: they are what an agent reaches before the site lets them in."""

from urllib.parse import urlencode

import segno
from django import forms
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts.forms import MotDePasseConfirmeMixin
from accounts.middleware import session_commencer
from accounts.passwords import POLICY_TEXT
from anef.back_office import peut_entrer, verifie
from instruction import agents

CODES_SECOURS_SESSION_KEY = "_codes_secours"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code à usage unique"),
        help_text=gettext_lazy(
            "Les 6 chiffres affichés par votre application d'authentification, ou l'un de vos "
            "codes de secours."
        ),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
        error_messages={"required": gettext_lazy("Saisissez le code à usage unique.")},
    )


class PremierCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Premier code affiché par l'application"),
        help_text=gettext_lazy("6 chiffres, par exemple 123456."),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Saisissez le code affiché par l'application."),
            "min_length": gettext_lazy("Le code compte 6 chiffres."),
            "max_length": gettext_lazy("Le code compte 6 chiffres."),
        },
    )


class MotDePasseForm(MotDePasseConfirmeMixin, forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Mot de passe"),
        strip=False,
        help_text=POLICY_TEXT,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Saisissez un mot de passe.")},
    )
    password_confirmation = forms.CharField(
        label=gettext_lazy("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Saisissez de nouveau le mot de passe.")},
    )


def _code_refuse(form, attente: int | None, message: str) -> None:
    """A wrong code: the throttle's wait when django-otp imposes one, else `message`."""
    if attente:
        message = _(
            "Trop de codes erronés : patientez %(secondes)d secondes avant de réessayer."
        ) % {"secondes": attente}
    form.add_error("code", message)


def _suite(request) -> str:
    candidat = request.POST.get("next") or request.GET.get("next")
    if candidat and url_has_allowed_host_and_scheme(
        candidat, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidat
    return reverse("admin:index")


def _avec_suite(request, nom: str) -> str:
    return f"{reverse(nom)}?{urlencode({'next': _suite(request)})}"


def _page(site, request, template: str, titre: str, status=200, **contexte):
    return render(
        request,
        f"admin/second_facteur/{template}",
        {
            **site.each_context(request),
            # Nothing of the site before the second factor: no menu, no applications.
            "available_apps": [],
            "is_nav_sidebar_enabled": False,
            "title": titre,
            "next": _suite(request),
            **contexte,
        },
        status=status,
    )


def etape_suivante(request) -> str | None:
    """Where an agent who passed the password step goes before the back office: the code step,
    or enrolment when they have no device yet; None once the session is verified."""
    user = request.user
    if not (user.is_authenticated and peut_entrer(user)) or verifie(user):
        return None
    if agents.a_un_dispositif(user):
        return _avec_suite(request, "admin:second_facteur")
    return _avec_suite(request, "admin:second_facteur_enrolement")


def _avant_second_facteur(request):
    """A redirect for anyone who has nothing to do on these pages, else None."""
    user = request.user
    if not (user.is_authenticated and peut_entrer(user)):
        return redirect(_avec_suite(request, "admin:login"))
    if verifie(user):
        return redirect(_suite(request))
    return None


def urls(site) -> list:
    @never_cache
    @sensitive_post_parameters("code")
    def verification(request):
        if (reponse := _avant_second_facteur(request)) is not None:
            return reponse
        if not agents.a_un_dispositif(request.user):
            return redirect(_avec_suite(request, "admin:second_facteur_enrolement"))
        form = CodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            device, attente = agents.second_facteur_verifier(
                user=request.user, code=form.cleaned_data["code"]
            )
            if device is not None:
                otp_login(request, device)
                return redirect(_suite(request))
            _code_refuse(
                form,
                attente,
                _(
                    "Code incorrect. Saisissez le code affiché par votre application "
                    "d'authentification, ou un code de secours non encore utilisé."
                ),
            )
        return _page(site, request, "verification.html", _("Code à usage unique"), form=form)

    @never_cache
    @sensitive_post_parameters("code")
    def enrolement(request):
        if (reponse := _avant_second_facteur(request)) is not None:
            return reponse
        if agents.a_un_dispositif(request.user):
            return redirect(_avec_suite(request, "admin:second_facteur"))
        device = agents.enrolement_dispositif(request.user)
        form = PremierCodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            codes, attente = agents.enrolement_confirmer(
                device=device, code=form.cleaned_data["code"]
            )
            if codes is not None:
                otp_login(request, device)
                request.session[CODES_SECOURS_SESSION_KEY] = codes
                return redirect(_avec_suite(request, "admin:second_facteur_codes"))
            _code_refuse(
                form,
                attente,
                _(
                    "Code incorrect. Vérifiez l'heure de votre téléphone et saisissez le "
                    "code affiché à l'instant."
                ),
            )
        qr = segno.make(device.config_url, error="m")
        return _page(
            site,
            request,
            "enrolement.html",
            _("Activer la double authentification"),
            form=form,
            qr_code=qr.svg_data_uri(scale=5, border=4, dark="#161616", light="#ffffff"),
            secret=agents.secret_lisible(device),
        )

    @never_cache
    def codes_secours(request):
        user = request.user
        if not (user.is_authenticated and peut_entrer(user) and verifie(user)):
            return redirect("admin:login")
        codes = request.session.pop(CODES_SECOURS_SESSION_KEY, None)
        if not codes:
            return redirect(_suite(request))
        return _page(site, request, "codes_secours.html", _("Vos codes de secours"), codes=codes)

    @never_cache
    @sensitive_post_parameters("password", "password_confirmation")
    def lien(request, jeton):
        try:
            agent = agents.lien_enrolement_lire(jeton)
        except agents.AgentError as refus:
            return _page(
                site, request, "lien_invalide.html", _("Lien inutilisable"), 410, refus=refus
            )
        form = MotDePasseForm(request.POST or None, user=agent)
        if request.method == "POST" and form.is_valid():
            try:
                agent = agents.mot_de_passe_initial_definir(
                    jeton=jeton, password=form.cleaned_data["password"]
                )
            except agents.AgentError as refus:
                return _page(
                    site, request, "lien_invalide.html", _("Lien inutilisable"), 410, refus=refus
                )
            auth_login(request, agent, backend="django.contrib.auth.backends.ModelBackend")
            session_commencer(request)
            return redirect("admin:second_facteur_enrolement")
        return _page(
            site,
            request,
            "lien.html",
            _("Choisissez votre mot de passe"),
            form=form,
            agent=agent,
        )

    @require_POST
    def deconnexion(request):
        auth_logout(request)
        return redirect("admin:login")

    return [
        path("second-facteur/", verification, name="second_facteur"),
        path("second-facteur/activation/", enrolement, name="second_facteur_enrolement"),
        path("second-facteur/codes-de-secours/", codes_secours, name="second_facteur_codes"),
        path("second-facteur/deconnexion/", deconnexion, name="second_facteur_deconnexion"),
        path("activation/<str:jeton>/", lien, name="agent_enrolement_lien"),
    ]
