// Session expiry warning (RGAA 13.1, WCAG 2.2.1). The server renders the timings on
// #session-expiration (templates/accounts/_session_expiration.html): seconds left before the
// idle timeout, and how long before it to warn. « Rester connecté » (or Escape) posts the
// dialog's form to touch the session; what is typed after the end is kept by the server.
(function () {
  "use strict";
  var dialogue = document.getElementById("session-expiration");
  if (!dialogue || typeof dialogue.showModal !== "function") {
    return;
  }
  var formulaire = dialogue.querySelector("form");
  var message = document.getElementById("session-expiration-message");
  var bouton = formulaire.querySelector("button[type=submit]");
  var avertirAvant = Number(dialogue.dataset.avertirAvant) * 1000;
  var minuteries = [];
  var expiree = false;

  function programmer(expireDans) {
    minuteries.forEach(clearTimeout);
    minuteries = [
      setTimeout(avertir, Math.max(0, expireDans - avertirAvant)),
      setTimeout(expirer, expireDans),
    ];
  }

  function avertir() {
    if (!dialogue.open) {
      dialogue.showModal();
    }
    bouton.focus();
  }

  function expirer() {
    expiree = true;
    message.textContent = message.dataset.expiree;
    avertir();
  }

  function fermer() {
    if (dialogue.open) {
      dialogue.close();
    }
  }

  function rester() {
    if (expiree) {
      fermer();
      return;
    }
    fetch(formulaire.action, {
      method: "POST",
      body: new FormData(formulaire),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      redirect: "manual",
    })
      .then(function (reponse) {
        if (!reponse.ok) {
          throw new Error("session");
        }
        return reponse.json();
      })
      .then(function (donnees) {
        fermer();
        programmer(donnees.expire_dans * 1000);
      })
      .catch(expirer);
  }

  formulaire.addEventListener("submit", function (event) {
    event.preventDefault();
    rester();
  });
  dialogue.addEventListener("cancel", function (event) {
    event.preventDefault();
    rester();
  });
  programmer(Number(dialogue.dataset.expireDans) * 1000);
})();
