// Progressive enhancements: every page works without them; the server validates everything.
document.addEventListener("DOMContentLoaded", function () {
  // The skip link's target must take focus for screen readers to follow it.
  var main = document.getElementById("content");
  if (main && !main.hasAttribute("tabindex")) {
    main.setAttribute("tabindex", "-1");
  }

  // A modal opened by the server keeps the keyboard focus inside it.
  var modal = document.getElementById("modal-etape");
  if (modal) {
    // Everything else is inert while it is open: no focus, no reading outside the dialog.
    for (var noeud = modal; noeud && noeud !== document.body; noeud = noeud.parentElement) {
      Array.prototype.forEach.call(noeud.parentElement.children, function (frere) {
        if (frere !== noeud && frere.tagName !== "SCRIPT") {
          frere.inert = true;
        }
      });
    }
    var liens = modal.querySelectorAll("a, button");
    if (liens.length) {
      liens[0].focus();
      modal.addEventListener("keydown", function (event) {
        var fermer = modal.querySelector("[data-modal-fermer]");
        if (event.key === "Escape" && fermer) {
          // Escape does what « Revenir » does.
          event.preventDefault();
          fermer.click();
          return;
        }
        if (event.key !== "Tab") {
          return;
        }
        var premier = liens[0];
        var dernier = liens[liens.length - 1];
        if (event.shiftKey && document.activeElement === premier) {
          dernier.focus();
          event.preventDefault();
        } else if (!event.shiftKey && document.activeElement === dernier) {
          premier.focus();
          event.preventDefault();
        }
      });
    }
  }

  // Bring the error summary into view and focus so screen readers announce it first.
  var summary = document.getElementById("error-summary");
  if (summary && !modal) {
    summary.focus();
  }
  // After a server round trip without errors (a resource added, a file sent, a part
  // validated), the page marks what changed: focus it rather than leave focus at the top.
  var resultat = document.querySelector("[data-anef-focus]");
  if (resultat && !summary && !modal) {
    if (!resultat.hasAttribute("tabindex")) {
      resultat.setAttribute("tabindex", "-1");
    }
    resultat.focus();
  }

  // Fields that need this script (the address search) stay hidden without it.
  document.querySelectorAll("[data-avec-js]").forEach(function (bloc) {
    bloc.hidden = false;
  });

  // The couple question follows from the family situation where it can: married, PACS or
  // concubinage answer « Oui » (still editable; the server points out a contradiction).
  var situation = document.querySelector("select[data-en-couple]");
  if (situation) {
    situation.addEventListener("change", function () {
      var enCouple = situation.getAttribute("data-en-couple").split(" ");
      var radio = document.querySelector('[name="en_couple"][value="oui"]');
      if (enCouple.indexOf(situation.value) >= 0 && radio && !radio.checked) {
        radio.checked = true;
        radio.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  // Conditional questions: <div data-visible-si="parent=value"> shows only for that answer.
  var conditionnels = document.querySelectorAll("[data-visible-si]");
  function majConditions() {
    conditionnels.forEach(function (bloc) {
      var regle = bloc.getAttribute("data-visible-si").split("=");
      var coche = document.querySelector('[name="' + regle[0] + '"]:checked');
      var valeur = coche ? coche.value : "";
      bloc.hidden = valeur !== regle[1];
    });
  }
  if (conditionnels.length) {
    document.addEventListener("change", majConditions);
    majConditions();
  }

  // Resources: live total and the explanation asked for under the minimum.
  var total = document.getElementById("total-ressources");
  if (total) {
    var minimum = parseFloat(total.getAttribute("data-minimum"));
    var raison = document.getElementById("bloc-raison");
    var majTotal = function () {
      var somme = 0;
      document.querySelectorAll(".anef-montant").forEach(function (champ) {
        var valeur = parseFloat((champ.value || "0").replace(",", ".").replace(/\s/g, ""));
        if (!isNaN(valeur) && valeur > 0) {
          somme += valeur;
        }
      });
      total.textContent = somme.toLocaleString("fr-FR", { maximumFractionDigits: 2 });
      if (raison) {
        raison.hidden = somme >= minimum;
      }
    };
    document.addEventListener("input", majTotal);
    majTotal();
  }

  // Address suggestions from the local BAN table.
  var liste = document.getElementById("adresses-suggestions");
  var recherche = document.querySelector('[list="adresses-suggestions"]');
  if (liste && recherche) {
    var trouvees = {};
    var attente = null;
    recherche.addEventListener("input", function () {
      var choix = trouvees[recherche.value];
      if (choix) {
        ["numero_voie", "voie", "code_postal", "ville", "code_insee"].forEach(function (nom) {
          var champ = document.querySelector('[name="' + nom + '"]');
          var cle = nom === "numero_voie" ? "numero" : nom;
          if (champ) {
            champ.value = choix[cle] || "";
          }
        });
        return;
      }
      clearTimeout(attente);
      attente = setTimeout(function () {
        if (recherche.value.length < 3) {
          return;
        }
        fetch(liste.getAttribute("data-url") + "?q=" + encodeURIComponent(recherche.value), {
          credentials: "same-origin",
        })
          .then(function (reponse) { return reponse.json(); })
          .then(function (donnees) {
            liste.innerHTML = "";
            trouvees = {};
            donnees.adresses.forEach(function (adresse) {
              trouvees[adresse.libelle] = adresse;
              var option = document.createElement("option");
              option.value = adresse.libelle;
              liste.appendChild(option);
            });
          })
          .catch(function () {});
      }, 200);
    });
  }

  // Justificatifs: a chosen file is sent at once, with a progress bar; the server answers with
  // the updated item (200, or 400 with the reason beside the field), which replaces the old one.
  // Without this script every button of the page sends the chosen files (one multipart form).
  var formulaire = document.getElementById("form-justificatifs");
  if (formulaire && window.FormData && window.XMLHttpRequest) {
    var enCours = 0;
    var enAttente = null;
    var envoyer = function (champ) {
      var code = champ.getAttribute("data-envoi-immediat");
      var item = document.getElementById("piece-" + code);
      var barre = document.getElementById(champ.id + "-progression");
      var bloc = document.getElementById(champ.id + "-envoi");
      var donnees = new FormData();
      donnees.append("csrfmiddlewaretoken", formulaire.elements.csrfmiddlewaretoken.value);
      donnees.append("ajouter", code);
      donnees.append(champ.name, champ.files[0]);
      var requete = new XMLHttpRequest();
      // Not formulaire.action: the buttons named "action" shadow it.
      requete.open("POST", formulaire.getAttribute("action") || window.location.pathname);
      requete.setRequestHeader("X-Anef-Fragment", code);
      requete.upload.addEventListener("progress", function (evenement) {
        if (evenement.lengthComputable && barre) {
          barre.value = Math.round((evenement.loaded / evenement.total) * 100);
        }
      });
      var terminer = function () {
        enCours -= 1;
        if (enCours === 0 && enAttente) {
          var bouton = enAttente.bouton;
          enAttente = null;
          formulaire.requestSubmit(bouton || undefined);
        }
      };
      requete.addEventListener("load", function () {
        var html = requete.responseText || "";
        if ((requete.status === 200 || requete.status === 400) && html.indexOf("piece-" + code) !== -1) {
          var modele = document.createElement("template");
          modele.innerHTML = html.trim();
          var nouveau = modele.content.firstElementChild;
          item.replaceWith(nouveau);
          ameliorer(nouveau);
          var cible = requete.status === 400
            ? nouveau.querySelector("input[type=file]")
            : nouveau.querySelector("ul a") || nouveau.querySelector("input[type=file]");
          if (cible) {
            cible.focus();
          }
        } else {
          echouer(champ, bloc);
        }
        terminer();
      });
      requete.addEventListener("error", function () {
        echouer(champ, bloc);
        terminer();
      });
      enCours += 1;
      if (bloc) {
        bloc.hidden = false;
      }
      requete.send(donnees);
    };
    var echouer = function (champ, bloc) {
      // The file stays in the field: « Envoyer le fichier » or any button of the page sends it.
      if (bloc) {
        bloc.hidden = true;
      }
      var messagesChamp = document.getElementById(champ.id + "-messages");
      if (messagesChamp) {
        var erreur = document.createElement("p");
        erreur.className = "fr-error-text";
        erreur.textContent = formulaire.getAttribute("data-echec");
        messagesChamp.replaceChildren(erreur);
      }
    };
    var ameliorer = function (racine) {
      racine.querySelectorAll("input[data-envoi-immediat]").forEach(function (champ) {
        champ.addEventListener("change", function () {
          if (champ.files && champ.files.length) {
            envoyer(champ);
          }
        });
      });
    };
    ameliorer(document);
    // A button pressed while a file is on its way waits for it (the file would go twice).
    formulaire.addEventListener("submit", function (evenement) {
      if (enCours > 0) {
        evenement.preventDefault();
        enAttente = { bouton: evenement.submitter };
      }
    });
  }

  // Deposit confirmation: a worker renders the PDFs after the deposit. Until their links exist,
  // re-read this page every few seconds and swap the region in (aria-live announces the links);
  // give up after a minute (Mon compte shows them too).
  var attente = document.querySelector("[data-actualiser]");
  if (attente && window.fetch && window.DOMParser) {
    var delai = parseInt(attente.getAttribute("data-actualiser"), 10) || 2000;
    var essais = 0;
    var relire = function () {
      essais += 1;
      fetch(window.location.href, { credentials: "same-origin" })
        .then(function (reponse) {
          return reponse.ok ? reponse.text() : Promise.reject(reponse.status);
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var region = page.getElementById(attente.id);
          if (!region) {
            return;
          }
          if (region.innerHTML !== attente.innerHTML) {
            attente.innerHTML = region.innerHTML;
          }
          if (region.hasAttribute("data-actualiser") && essais < 30) {
            window.setTimeout(relire, delai);
          } else {
            attente.removeAttribute("data-actualiser");
          }
        })
        .catch(function () {
          if (essais < 30) {
            window.setTimeout(relire, delai);
          }
        });
    };
    window.setTimeout(relire, delai);
  }
});
