"""A small SMTP sink on loopback (aiosmtpd is not installed): it keeps the messages it accepted,
can be stopped and started again on its port, and can hold its reply to one message's data.

A message counts as delivered only once the sink has answered « 250 » to its data, as with a
real relay: a client that disconnects while the reply is held (worker killed mid-send) has not
delivered it, and the sink drops it."""

import email
import email.policy
import select
import socket
import socketserver
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Message:
    destinataires: list[str]
    sujet: str
    pieces_jointes: list[str]
    recu_le: float


@dataclass
class _Boite:
    messages: list[Message] = field(default_factory=list)
    abandonnes: int = 0
    retenir: float = 0.0  # seconds to hold the reply to the next message's data
    retenu: threading.Event = field(default_factory=threading.Event)
    verrou: threading.Lock = field(default_factory=threading.Lock)


class _Session(socketserver.StreamRequestHandler):
    def _repondre(self, ligne: str) -> None:
        self.wfile.write(ligne.encode() + b"\r\n")

    def handle(self):
        boite: _Boite = self.server.boite
        destinataires: list[str] = []
        self._repondre("220 anef-faults ESMTP")
        while True:
            ligne = self.rfile.readline()
            if not ligne:
                return
            commande = ligne.decode("ascii", "replace").strip()
            verbe = commande[:4].upper()
            if verbe in ("EHLO", "HELO"):
                self._repondre("250 anef-faults")
            elif verbe == "MAIL":
                destinataires = []
                self._repondre("250 OK")
            elif verbe == "RCPT":
                destinataires.append(commande.split(":", 1)[1].strip(" <>"))
                self._repondre("250 OK")
            elif verbe == "DATA":
                self._repondre("354 Fin par <CRLF>.<CRLF>")
                self._donnees(boite, destinataires)
            elif verbe == "QUIT":
                self._repondre("221 Au revoir")
                return
            else:  # RSET, NOOP and the rest
                self._repondre("250 OK")

    def _donnees(self, boite: _Boite, destinataires: list[str]) -> None:
        lignes = []
        while True:
            ligne = self.rfile.readline()
            if not ligne or ligne == b".\r\n":
                break
            lignes.append(ligne[1:] if ligne.startswith(b"..") else ligne)
        with boite.verrou:
            retenir, boite.retenir = boite.retenir, 0.0
        if retenir:
            boite.retenu.set()
            time.sleep(retenir)
            if _ferme_par_le_client(self.connection):
                with boite.verrou:
                    boite.abandonnes += 1
                return
        contenu = email.message_from_bytes(b"".join(lignes), policy=email.policy.default)
        message = Message(
            destinataires=list(destinataires),
            sujet=str(contenu.get("Subject", "")).strip(),
            pieces_jointes=[
                p.get_filename() for p in contenu.walk() if p.get_filename() is not None
            ],
            recu_le=time.monotonic(),
        )
        with boite.verrou:
            boite.messages.append(message)
        self._repondre("250 OK")


def _ferme_par_le_client(connexion: socket.socket) -> bool:
    lisible, _w, _x = select.select([connexion], [], [], 0)
    if not lisible:
        return False
    try:
        return connexion.recv(1, socket.MSG_PEEK) == b""
    except OSError:
        return True


class _Serveur(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class PuitsSmtp:
    def __init__(self, port: int, host: str = "127.0.0.1"):
        self.adresse = (host, port)
        self.boite = _Boite()
        self._serveur: _Serveur | None = None

    def demarrer(self) -> None:
        self._serveur = _Serveur(self.adresse, _Session)
        self._serveur.boite = self.boite
        threading.Thread(target=self._serveur.serve_forever, daemon=True).start()

    def arreter(self) -> None:
        if self._serveur is not None:
            self._serveur.shutdown()
            self._serveur.server_close()
            self._serveur = None

    def retenir_le_prochain(self, secondes: float) -> None:
        with self.boite.verrou:
            self.boite.retenu.clear()
            self.boite.retenir = secondes

    def pour(self, destinataire: str) -> list[Message]:
        with self.boite.verrou:
            return [m for m in self.boite.messages if destinataire in m.destinataires]
