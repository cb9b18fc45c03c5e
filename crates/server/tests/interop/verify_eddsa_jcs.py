#!/usr/bin/env python3
"""Verify a W3C Data Integrity `eddsa-jcs-2022` proof, independently of Dataport's own code.

Usage: python3 verify_eddsa_jcs.py CERT.json
       python3 verify_eddsa_jcs.py --w3c-vectors [TESTDATA_DIR]

Exits 0 and prints `verified <did>` when the proof verifies, where <did> is the did:key that
signed it; exits 1 and prints the reason on stderr otherwise; exits 2 when a library is missing
or the arguments are wrong. `--w3c-vectors` checks the published W3C vc-di-eddsa signed
credentials (default: ../shared/testdata beside the repository clone, as the Rust tests read it).

The algorithm follows "Data Integrity EdDSA Cryptosuites v1.0" (W3C Recommendation, 2025-05-15),
section 3.3.2 Verify Proof (eddsa-jcs-2022), step by step:

  1. unsecuredDocument = securedDocument without `proof`.
  2. proofOptions = securedDocument.proof without `proofValue`.
  3. proofBytes = base58btc multibase decoding of proof.proofValue.
  4. If proofOptions.@context exists: securedDocument.@context must start with all of its
     values, in order (else not verified), and unsecuredDocument.@context := proofOptions.@context.
  5. transformedData = JCS(unsecuredDocument) (3.3.3; type/cryptosuite checked).
  6. proofConfig = JCS(proofOptions) (3.3.5; type/cryptosuite checked, `created` a valid
     XML Schema dateTime). The proof's own @context, when present, is part of proofOptions and
     so of the hashed configuration; the document's @context is never copied into it here.
  7. hashData = SHA-256(proofConfig) || SHA-256(transformedData) (3.3.4).
  8. Ed25519 (RFC 8032, pure) verification of proofBytes over hashData with the key of
     proof.verificationMethod, a did:key of multicodec ed25519-pub (0xed 0x01) (3.3.7).

Only well-known third-party libraries do the work: `jcs` (RFC 8785), `base58`, and
`cryptography` (Ed25519). Install them with: python3 -m pip install cryptography jcs base58
"""

import hashlib
import json
import os
import re
import sys
from datetime import datetime

INSTALL = "python3 -m pip install cryptography jcs base58"

try:
    import base58
    import jcs
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError as missing:  # pragma: no cover - depends on the machine
    print(
        f"missing Python library ({missing}); install with: {INSTALL}",
        file=sys.stderr,
    )
    sys.exit(2)

ED25519_PUB = b"\xed\x01"  # multicodec ed25519-pub, as an unsigned varint
DID_KEY = "did:key:"
# XML Schema 1.1 dateTime lexical form; the values are range-checked by `datetime` below.
XSD_DATETIME = re.compile(
    r"^-?(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$"
)


class NotVerified(Exception):
    """The proof does not verify; the message says why."""


def load_json(path):
    """Parses I-JSON (RFC 7493, which RFC 8785 requires): duplicate member names are refused."""

    def no_duplicates(pairs):
        obj = {}
        for key, value in pairs:
            if key in obj:
                raise NotVerified(f"duplicate member name {key!r} (not I-JSON)")
            obj[key] = value
        return obj

    def no_constant(name):
        raise NotVerified(f"{name} is not JSON")

    try:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise NotVerified(f"cannot read {path}: {e}") from e
    try:
        return json.loads(
            text, object_pairs_hook=no_duplicates, parse_constant=no_constant
        )
    except json.JSONDecodeError as e:
        raise NotVerified(f"{path} is not JSON: {e}") from e


def canonical(value, what):
    try:
        return jcs.canonicalize(value)
    except (TypeError, ValueError, UnicodeEncodeError) as e:
        raise NotVerified(f"cannot canonicalise {what} with JCS: {e}") from e


def check_suite(options, step):
    if options.get("type") != "DataIntegrityProof":
        raise NotVerified(
            f"{step}: proof type is {options.get('type')!r}, not 'DataIntegrityProof'"
        )
    if options.get("cryptosuite") != "eddsa-jcs-2022":
        raise NotVerified(
            f"{step}: cryptosuite is {options.get('cryptosuite')!r}, not 'eddsa-jcs-2022'"
        )


def check_datetime(value, what):
    m = XSD_DATETIME.match(value) if isinstance(value, str) else None
    if not m:
        raise NotVerified(f"{what} {value!r} is not an XML Schema dateTime")
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    try:
        if hour == 24 and minute == 0 and second == 0 and not m.group(7):
            hour = 0  # 24:00:00 is allowed and means the end of the day
        # `datetime` spans years 1 to 9999 only; outside them, check the rest in a leap year.
        datetime(year if 1 <= year <= 9999 else 2000, month, day, hour, minute, second)
    except ValueError as e:
        raise NotVerified(f"{what} {value!r} is not a valid dateTime: {e}") from e


def as_list(context):
    return context if isinstance(context, list) else [context]


def public_key(verification_method):
    """The Ed25519 key of a did:key verification method (did:key v0.7: `did:key:z…#z…`)."""
    if not isinstance(verification_method, str):
        raise NotVerified("proof.verificationMethod is not a string")
    did, _, fragment = verification_method.partition("#")
    if not did.startswith(DID_KEY):
        raise NotVerified(
            f"verificationMethod {verification_method!r} is not a did:key; "
            "this verifier resolves no other DID method"
        )
    multibase = did[len(DID_KEY) :]
    if fragment and fragment != multibase:
        raise NotVerified(
            f"verificationMethod fragment #{fragment} does not name the did:key's own key"
        )
    if not multibase.startswith("z"):
        raise NotVerified(f"did:key {did!r} is not base58btc multibase ('z' prefix)")
    try:
        raw = base58.b58decode(multibase[1:])
    except ValueError as e:
        raise NotVerified(f"did:key {did!r} is not base58btc: {e}") from e
    if raw[:2] != ED25519_PUB or len(raw) != 34:
        raise NotVerified(
            f"did:key {did!r} is not a multicodec ed25519-pub key "
            f"(prefix {raw[:2].hex()}, {len(raw)} bytes; want ed01 and 34 bytes)"
        )
    return did, Ed25519PublicKey.from_public_bytes(raw[2:])


def verify(secured):
    """Returns the signer's DID, or raises NotVerified."""
    if not isinstance(secured, dict):
        raise NotVerified("the document is not a JSON object")
    proof = secured.get("proof")
    if isinstance(proof, list):
        raise NotVerified("proof is a proof set; this verifier checks a single proof")
    if not isinstance(proof, dict):
        raise NotVerified("the document has no proof object")
    for required in ("type", "cryptosuite", "verificationMethod", "proofPurpose", "proofValue"):
        if required not in proof:
            raise NotVerified(f"proof.{required} is missing")

    # Step 1 and 2.
    unsecured = {k: v for k, v in secured.items() if k != "proof"}
    options = {k: v for k, v in proof.items() if k != "proofValue"}

    # Step 3: multibase base58btc.
    value = proof["proofValue"]
    if not isinstance(value, str) or not value.startswith("z"):
        raise NotVerified("proof.proofValue is not base58btc multibase ('z' prefix)")
    try:
        proof_bytes = base58.b58decode(value[1:])
    except ValueError as e:
        raise NotVerified(f"proof.proofValue is not base58btc: {e}") from e
    if len(proof_bytes) != 64:
        raise NotVerified(
            f"proof.proofValue decodes to {len(proof_bytes)} bytes, not a 64-byte Ed25519 signature"
        )

    # Step 4: the proof's @context must be a prefix of the document's.
    if "@context" in options:
        proof_context = as_list(options["@context"])
        doc_context = as_list(secured.get("@context", []))
        if doc_context[: len(proof_context)] != proof_context:
            raise NotVerified(
                "the document's @context does not start with the proof's @context "
                f"({doc_context!r} vs {proof_context!r})"
            )
        unsecured["@context"] = options["@context"]

    # Step 5: transformation.
    check_suite(options, "transformation (3.3.3)")
    transformed = canonical(unsecured, "the unsecured document")

    # Step 6: proof configuration.
    check_suite(options, "proof configuration (3.3.5)")
    if "created" in options:
        check_datetime(options["created"], "proof.created")
    proof_config = canonical(options, "the proof configuration")

    # Step 7: hashing.
    hash_data = hashlib.sha256(proof_config).digest() + hashlib.sha256(transformed).digest()

    # Step 8: Ed25519.
    did, key = public_key(options["verificationMethod"])
    try:
        key.verify(proof_bytes, hash_data)
    except InvalidSignature as e:
        raise NotVerified(
            "the Ed25519 signature does not match: the document or its proof was changed, "
            "or was signed by another key or over other bytes "
            f"(SHA-256 of proof config {hash_data[:32].hex()}, of document {hash_data[32:].hex()})"
        ) from e
    return did


def issuer_id(document):
    issuer = document.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def check_file(path):
    """Verifies one file; prints the outcome and returns the exit code."""
    try:
        document = load_json(path)
        signer = verify(document)
    except NotVerified as e:
        print(f"not verified: {path}: {e}", file=sys.stderr)
        return 1
    issuer = issuer_id(document)
    if isinstance(issuer, str) and issuer.startswith(DID_KEY) and issuer != signer:
        # A did:key issuer that is not the signer did not sign: the signature is someone else's.
        print(
            f"not verified: {path}: issuer {issuer} is not the signer {signer}",
            file=sys.stderr,
        )
        return 1
    if issuer != signer:
        # The W3C vectors name an https issuer; binding it to the key needs resolution, not JCS.
        print(f"note: issuer {issuer!r} is not a did:key; signed by {signer}", file=sys.stderr)
    print(f"verified {signer}")
    return 0


def default_testdata():
    # This file is crates/server/tests/interop/; the repository clone is five levels up, and
    # shared/ sits beside it.
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "..", "..", "shared", "testdata"))


def check_w3c_vectors(testdata):
    code = 0
    for name in ("eddsa-jcs-2022", "eddsa-jcs-2022-no-proof-context"):
        path = os.path.join(testdata, "vc", name, "signedJCS.json")
        if not os.path.isfile(path):
            print(f"not verified: missing W3C vector {path}", file=sys.stderr)
            return 1
        code = max(code, check_file(path))
    return code


def main(argv):
    if len(argv) == 2 and argv[1] not in ("-h", "--help", "--w3c-vectors"):
        return check_file(argv[1])
    if len(argv) in (2, 3) and argv[1] == "--w3c-vectors":
        return check_w3c_vectors(argv[2] if len(argv) == 3 else default_testdata())
    print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
