from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts import lockout, services, tasks
from accounts.forms import (
    ChangementMotDePasseForm,
    ConnexionForm,
    MotDePasseOublieForm,
    NouveauMotDePasseForm,
)
from accounts.middleware import session_commencer
from accounts.models import User

RESET_URL_TOKEN = "nouveau-mot-de-passe"
RESET_SESSION_KEY = "_reinitialisation_token"

LOCKOUT_MESSAGE = gettext_lazy(
    "Trop de tentatives de connexion ont échoué pour cet identifiant. Par sécurité, la "
    "connexion est bloquée pendant 15 minutes. Vous pouvez réessayer plus tard ou utiliser "
    "« Mot de passe oublié ? »."
)


def _next_url(request) -> str | None:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def _page_connexion(request, form, status=200):
    return render(
        request,
        "accounts/connexion.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


def connexion(request):
    if request.user.is_authenticated and request.method == "GET":
        return redirect("demandes:mon_compte")
    form = ConnexionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            identifiant=form.cleaned_data["identifiant"],
            password=form.cleaned_data["password"],
        )
        if user is not None:
            login(request, user)
            session_commencer(request)
            if user.doit_changer_mot_de_passe:
                return redirect("accounts:mot_de_passe_changer")
            return redirect(_next_url(request) or reverse("demandes:mon_compte"))
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request, None, None)
        form.add_error(None, _("Identifiant ou mot de passe incorrect."))
    return _page_connexion(request, form, status=400 if form.errors else 200)


def lockout_response(request, original_response=None, credentials=None):
    # Only the identifier is shown again: the locked request may be the password-change form.
    form = ConnexionForm({"identifiant": request.POST.get("identifiant", ""), "password": ""})
    form.is_valid()
    form.errors.clear()
    form.add_error(None, LOCKOUT_MESSAGE)
    return _page_connexion(request, form, status=429)


@require_POST
def deconnexion(request):
    if request.user.is_authenticated:
        services.sessions_terminer(user=request.user)
    logout(request)
    messages.success(request, _("Vous êtes déconnecté(e)."))
    return redirect("home")


def compte_existant_aide(request):
    return render(request, "accounts/compte_existant_aide.html")


def mot_de_passe_oublie(request):
    form = MotDePasseOublieForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Always one task, whatever the identifier: the answer time tells nothing.
        tasks.reinitialisation_mettre_en_file(form.cleaned_data["identifiant"])
        return render(request, "accounts/mot_de_passe_oublie_envoye.html")
    return render(request, "accounts/mot_de_passe_oublie.html", {"form": form})


def _user_from_uid(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def mot_de_passe_reinitialiser(request, uidb64, token):
    # As Django's PasswordResetConfirmView: the token leaves the URL (history, access logs,
    # Referer) for the session at once, and the form lives at a token-free URL.
    if token != RESET_URL_TOKEN:
        request.session[RESET_SESSION_KEY] = token
        return redirect("accounts:mot_de_passe_reinitialiser", uidb64=uidb64, token=RESET_URL_TOKEN)
    token = request.session.get(RESET_SESSION_KEY, "")
    user = _user_from_uid(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        return render(
            request,
            "accounts/lien_invalide.html",
            {
                "deja_utilise": bool(token) and services.reinitialisation_lien_utilise(token),
                "recommencer_url": reverse("accounts:mot_de_passe_oublie"),
            },
            status=410,
        )
    form = NouveauMotDePasseForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.mot_de_passe_reinitialiser(
            user=user, token=token, password=form.cleaned_data["password"]
        )
        messages.success(
            request, _("Votre mot de passe a été modifié. Vous pouvez vous connecter.")
        )
        return redirect("accounts:connexion")
    return render(request, "accounts/mot_de_passe_reinitialiser.html", {"form": form})


@login_required
def mot_de_passe_changer(request):
    form = ChangementMotDePasseForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not form.is_valid():
            if "current_password" in form.errors and lockout.echec_compter(request):
                # Locked like a login: this session ends, the holder must log in again.
                services.sessions_terminer(user=request.user)
                logout(request)
            return render(request, "accounts/mot_de_passe_changer.html", {"form": form}, status=400)
        services.mot_de_passe_changer(user=request.user, password=form.cleaned_data["password"])
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Votre mot de passe a été modifié."))
        return redirect("demandes:mon_compte")
    return render(request, "accounts/mot_de_passe_changer.html", {"form": form})
