from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import selectors, services, tokens
from accounts.forms import ChangementEmailForm, TelephoneForm


@login_required
def profil(request):
    user = request.user
    telephone_form = TelephoneForm(
        request.POST if request.POST.get("action") == "telephone" else None,
        initial={"telephone": user.telephone},
        prefix="tel",
    )
    email_form = ChangementEmailForm(
        request.POST if request.POST.get("action") == "email" else None,
        user=user,
        prefix="mail",
    )
    if request.method == "POST":
        if telephone_form.is_bound and telephone_form.is_valid():
            services.telephone_modifier(
                user=user, telephone=telephone_form.cleaned_data["telephone"]
            )
            messages.success(request, _("Votre numéro de téléphone a été mis à jour."))
            return redirect("accounts:profil")
        if email_form.is_bound and email_form.is_valid():
            services.email_changement_demander(user=user, email=email_form.cleaned_data["email"])
            messages.info(
                request,
                _(
                    "Un email vous a été envoyé à la nouvelle adresse. Elle remplacera l'actuelle "
                    "quand vous aurez cliqué sur le lien qu'il contient (valable 24 heures)."
                ),
            )
            return redirect("accounts:profil")
    context = {
        "telephone_form": telephone_form,
        "email_form": email_form,
        "statut": selectors.statut_actuel(user),
    }
    status = 400 if telephone_form.errors or email_form.errors else 200
    return render(request, "accounts/profil.html", context, status=status)


EMAIL_LIEN_SESSION_KEY = "_email_token"


def email_lien(request, token):
    """The e-mailed link: its token goes into the session, confirmed at a token-free URL."""
    request.session[EMAIL_LIEN_SESSION_KEY] = token
    return redirect("accounts:email_confirmer")


def email_confirmer(request):
    token = request.session.get(EMAIL_LIEN_SESSION_KEY, "")
    try:
        services.email_changement_confirmer(token=token)
    except tokens.LienExpire:
        context = {"expire": True}
    except services.LienDejaUtilise:
        context = {"deja_utilise": True}
    except services.CompteError as exc:
        context = {"refus": str(exc)}
    except tokens.LienInvalide:
        context = {}
    else:
        messages.success(request, _("Votre nouvelle adresse email est enregistrée."))
        if request.user.is_authenticated:
            return redirect("accounts:profil")
        return redirect("accounts:connexion")
    context["recommencer_url"] = reverse("accounts:profil")
    return render(request, "accounts/lien_invalide.html", context, status=410)
