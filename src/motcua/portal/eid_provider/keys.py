# SPDX-License-Identifier: EUPL-1.2
"""The demo provider's RSA signing key: generated once into the data folder, never committed.

Read by ``settings.py`` (so this module imports nothing from Django). Several processes may
start at once (test workers): the key is written to a temporary file and linked into place, so
everyone reads the same complete key.
"""

import contextlib
import hashlib
import hmac
import os
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_FILE_NAME = "eid-demo-key.pem"


def _new_key_pem() -> bytes:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )


def demo_key_pem(path: Path) -> str:
    """The PEM private key at ``path``, created (mode 0600) if missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".eid-key-")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(_new_key_pem())
            with contextlib.suppress(FileExistsError):  # another process won the race
                os.link(temporary, path)  # atomic
        finally:
            Path(temporary).unlink(missing_ok=True)
    return path.read_text("ascii")


def demo_client_secret(secret_key: str) -> str:
    """The portal's client secret at the demo e-ID, derived from ``SECRET_KEY``."""
    return hmac.new(secret_key.encode(), b"motcua-eid-demo-client", hashlib.sha256).hexdigest()
