"""The 2D-DOC signing key and the published public keys, from settings.

- `ATTESTATIONS_AUTORITE` / `ATTESTATIONS_CERTIFICAT`: the header's authority id and
  certificate id (CN of the signing certificate).
- `ATTESTATIONS_CLE_PRIVEE`: path of the PEM (PKCS#8, unencrypted) P-256 private key. It never
  enters the repository: production mounts it (secret file) and points the variable at it.
- Development default (authority `ZZ00`): when the file is missing it is created on first use
  (mode 0600), like `manage.py attestations_keys` does. Any other authority with a missing key
  is a configuration error: nothing is signed with a key nobody configured.
"""

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from attestations import deuxddoc

AUTORITE_DEV = "ZZ00"


@dataclass(frozen=True)
class Signataire:
    autorite: str
    certificat: str
    cle: ec.EllipticCurvePrivateKey

    @property
    def specimen(self) -> bool:
        return bool(settings.ATTESTATIONS_SPECIMEN) or self.autorite == AUTORITE_DEV


def cle_dev_creer(chemin: Path, *, ecraser: bool = False) -> bool:
    """Write a fresh development key at `chemin` (0600). False when one already exists and
    `ecraser` is not set. The write is atomic: concurrent processes never read half a key."""
    chemin = Path(chemin)
    if chemin.exists() and not ecraser:
        return False
    chemin.parent.mkdir(parents=True, exist_ok=True)
    pem = deuxddoc.private_key_to_pem(deuxddoc.generate_dev_key())
    provisoire = chemin.with_name(f".{chemin.name}.{os.getpid()}.tmp")
    fd = os.open(provisoire, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fichier:
        fichier.write(pem)
    if ecraser:
        os.replace(provisoire, chemin)
    else:
        try:
            os.link(provisoire, chemin)  # fails if another process was first: keep theirs
        except FileExistsError:
            pass
        finally:
            os.unlink(provisoire)
    _cle_lue.cache_clear()
    return True


@lru_cache(maxsize=4)
def _cle_lue(chemin: str, mtime_ns: int) -> ec.EllipticCurvePrivateKey:
    return deuxddoc.load_private_key(Path(chemin).read_bytes())


def signataire() -> Signataire:
    """The configured authority, certificate and private key (read once per file version)."""
    autorite = settings.ATTESTATIONS_AUTORITE
    certificat = settings.ATTESTATIONS_CERTIFICAT
    chemin = Path(settings.ATTESTATIONS_CLE_PRIVEE)
    if not chemin.exists():
        if autorite != AUTORITE_DEV:
            raise ImproperlyConfigured(
                f"ATTESTATIONS_CLE_PRIVEE : fichier absent ({chemin}) pour l'autorité {autorite}"
            )
        cle_dev_creer(chemin)
    cle = _cle_lue(str(chemin), chemin.stat().st_mtime_ns)
    return Signataire(autorite=autorite, certificat=certificat, cle=cle)


def cles_publiques() -> dict[tuple[str, str], ec.EllipticCurvePublicKey]:
    """Public keys the portal publishes and trusts, by (authority id, certificate id): the
    current signing key. A key rotation keeps the previous certificate trusted by listing its
    PEM in ATTESTATIONS_CLES_PUBLIQUES_ANCIENNES ({"AUTO/CERT": "path"})."""
    courant = signataire()
    cles = {(courant.autorite, courant.certificat): courant.cle.public_key()}
    for ident, chemin in getattr(settings, "ATTESTATIONS_CLES_PUBLIQUES_ANCIENNES", {}).items():
        autorite, _sep, certificat = ident.partition("/")
        cles.setdefault((autorite, certificat), deuxddoc.load_public_key(Path(chemin).read_bytes()))
    return cles


def cle_publique(autorite: str, certificat: str) -> ec.EllipticCurvePublicKey | None:
    return cles_publiques().get((autorite, certificat))
