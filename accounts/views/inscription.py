"""Account creation (docs/architecture.md): registry check → e-mail twice → 24-hour link →
password."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import regles, selectors, services, tokens
from accounts.forms import CreationCompteForm, EmailConfirmationForm, NouveauMotDePasseForm
from accounts.models import DocumentSejour
from anef.reseau import client_ip

SESSION_KEY = "inscription_document"
LIEN_SESSION_KEY = "_inscription_token"

TROP_D_ESSAIS = _(
    "Trop de tentatives ont échoué pour ce numéro ou depuis votre connexion. Par sécurité, la "
    "création de compte est suspendue pendant une heure. Réessayez plus tard."
)

NO_MATCH = _(
    "Les informations saisies ne permettent pas de vous identifier. Vérifiez le numéro et les "
    "dates de validité de votre document."
)


def creation(request):
    form = CreationCompteForm(request.POST or None)
    deja_rattache = False
    if request.method == "POST" and form.is_valid():
        numero = form.cleaned_data["numero"]
        adresse = client_ip(request)
        if regles.creation_bloquee(numero=numero, adresse=adresse):
            return render(
                request,
                "accounts/creation.html",
                {"form": form, "quota": TROP_D_ESSAIS},
                status=429,
            )
        document = selectors.document_correspondant(
            numero=numero, debut=form.cleaned_data["date_debut"], fin=form.cleaned_data["date_fin"]
        )
        if document is None:
            regles.creation_echec_compter(numero=numero, adresse=adresse)
            form.add_error(None, NO_MATCH)
        elif selectors.document_deja_rattache(document):
            # Said only now that number and dates matched: a stranger learns nothing.
            deja_rattache = True
        else:
            request.session[SESSION_KEY] = document.pk
            return redirect("accounts:inscription_email")
    status = 400 if form.errors or deja_rattache else 200
    return render(
        request,
        "accounts/creation.html",
        {"form": form, "deja_rattache": deja_rattache},
        status=status,
    )


def inscription_email(request):
    document = DocumentSejour.objects.filter(pk=request.session.get(SESSION_KEY)).first()
    if document is None:
        return redirect("accounts:creation")
    form = EmailConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.inscription_demander(document=document, email=form.cleaned_data["email"])
        del request.session[SESSION_KEY]
        request.session["inscription_par_visa"] = document.connexion_par_email
        return redirect("accounts:inscription_enregistree")
    return render(request, "accounts/inscription_email.html", {"form": form})


def inscription_enregistree(request):
    par_visa = request.session.get("inscription_par_visa", False)
    return render(request, "accounts/inscription_enregistree.html", {"par_visa": par_visa})


def _lien_invalide(request, *, expire=False, deja_utilise=False):
    return render(
        request,
        "accounts/lien_invalide.html",
        {
            "expire": expire,
            "deja_utilise": deja_utilise,
            "recommencer_url": reverse("accounts:creation"),
        },
        status=410,
    )


def inscription_lien(request, token):
    """The e-mailed link: its token goes into the session, the page is at a token-free URL."""
    request.session[LIEN_SESSION_KEY] = token
    return redirect("accounts:inscription_mot_de_passe")


def inscription_mot_de_passe(request):
    token = request.session.get(LIEN_SESSION_KEY, "")
    try:
        inscription = services.inscription_lire(token)
    except tokens.LienExpire:
        return _lien_invalide(request, expire=True)
    except services.LienDejaUtilise:
        return _lien_invalide(request, deja_utilise=True)
    except tokens.LienInvalide:
        return _lien_invalide(request)
    form = NouveauMotDePasseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.inscription_terminer(
                inscription=inscription, password=form.cleaned_data["password"]
            )
        except services.LienDejaUtilise:
            return _lien_invalide(request, deja_utilise=True)
        except services.CompteError as exc:
            form.add_error(None, str(exc))
        else:
            request.session["compte_cree_identifiant_est_email"] = not user.numero_etranger
            return redirect("accounts:compte_cree")
    return render(request, "accounts/inscription_mot_de_passe.html", {"form": form})


def compte_cree(request):
    identifiant_email = request.session.get("compte_cree_identifiant_est_email", False)
    return render(request, "accounts/compte_cree.html", {"identifiant_email": identifiant_email})
