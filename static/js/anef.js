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
    var liens = modal.querySelectorAll("a, button");
    if (liens.length) {
      liens[0].focus();
      modal.addEventListener("keydown", function (event) {
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
});
