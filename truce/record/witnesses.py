"""The record's witnesses: who they are (the loaded agreements list them), where they answer
(``TRUCE_WITNESS_URLS``), and collecting their cosignatures on the latest checkpoint (C2SP tlog-witness).

``TRUCE_WITNESS_URLS`` is ``name=url,name=url``; ``name`` is either the witness key's name (the first
field of its vkey) or the ``name`` the agreement gives it. A listed witness without a URL is shown but
never contacted (someone else forwards checkpoints to it, or it is offline).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from truce.agreements import registry
from truce.agreements.models import Agreement
from truce.core import clock
from truce.core.record import cosignature
from truce.core.record.cosignature import CosignatureVerifier, witness_verifier
from truce.core.record.note import NoteError, split_note
from truce.core.record.witness import WitnessError, conflict_size, merge_cosignatures, submit_checkpoint
from truce.record.checkpoints import key_history, latest_checkpoint
from truce.record.models import Checkpoint, Cosignature, WitnessContact
from truce.record.tree import reading_tree

__all__ = ["ListedWitness", "collect_cosignatures", "listed_witnesses", "witness_urls"]

REFUSED = "refused"  # how a refusal's WitnessContact.error starts (shown on /record/)


@dataclass(frozen=True)
class ListedWitness:
    name: str  # the key name: what its cosignature lines carry
    label: str  # the name the agreement gives it
    vkey: str
    url: str | None

    @property
    def verifier(self) -> CosignatureVerifier:
        return witness_verifier(self.vkey)


def witness_urls() -> dict[str, str]:
    """``TRUCE_WITNESS_URLS`` as {name: url}; ValueError names a malformed item."""
    urls: dict[str, str] = {}
    for item in settings.TRUCE_WITNESS_URLS.split(","):
        item = item.strip()
        if not item:
            continue
        name, sep, url = item.partition("=")
        if not sep or not name.strip() or not url.strip().startswith(("http://", "https://")):
            raise ValueError(f"TRUCE_WITNESS_URLS item {item!r} is not name=http(s)://host[:port][/prefix]")
        urls[name.strip()] = url.strip()
    return urls


def listed_witnesses(agreement_id: str | None = None) -> tuple[list[ListedWitness], int]:
    """The witnesses of one agreement, or of every loaded agreement, and the quorum to meet.

    The record is one log for the instance, so without ``agreement_id`` the witnesses are the union of
    every agreement's (by key name) and the quorum the largest any of them asks for.
    """
    rows = Agreement.objects.order_by("pk")
    if agreement_id is not None:
        rows = rows.filter(pk=agreement_id)
    urls = witness_urls()
    found: dict[str, ListedWitness] = {}
    quorum = 0
    for row in rows:
        agreement = registry.parsed(row)
        if agreement.witnesses:
            quorum = max(quorum, agreement.witness_quorum)
        for w in agreement.witnesses:
            name = witness_verifier(w.key).name
            if name not in found:
                found[name] = ListedWitness(name, w.name, w.key, urls.get(name) or urls.get(w.name))
    return list(found.values()), quorum


def _store_cosignature(checkpoint: Checkpoint, witness: ListedWitness, answer: bytes) -> None:
    with transaction.atomic():
        row = Checkpoint.objects.select_for_update().get(pk=checkpoint.pk)
        merged = merge_cosignatures(row.note.encode(), answer, [witness.verifier])
        _, sigs = split_note(merged)
        line = next(sig.line() for sig, _ in sigs if sig.name == witness.name)
        _, timestamp, _ = cosignature.decode(base64.b64decode(line.split(" ")[2]))
        row.note = merged.decode()
        row.save(update_fields=["note"])
        Cosignature.objects.update_or_create(
            checkpoint=row,
            witness=witness.name,
            defaults={"line": line.rstrip("\n"), "timestamp": timestamp, "received_at": clock.now()},
        )


def _contact(name: str, size: int | None, error: str) -> None:
    defaults: dict[str, object] = {"error": error, "contacted_at": clock.now()}
    if size is not None:
        defaults["size"] = size
    WitnessContact.objects.update_or_create(name=name, defaults=defaults)


def _submit(witness: ListedWitness, checkpoint: Checkpoint, old: int) -> bytes:
    assert witness.url is not None
    with reading_tree() as tree:
        proof = tree.consistency_proof(old, checkpoint.size) if 0 < old < checkpoint.size else []
    return submit_checkpoint(witness.url, old, proof, checkpoint.note.encode())


def _ask(witness: ListedWitness, checkpoint: Checkpoint, old: int) -> int:
    """Have ``witness`` cosign ``checkpoint`` from the size ``old`` we think it holds (once more from its
    own size on a 409) and store the cosignature; return the checkpoint's size."""
    try:
        answer = _submit(witness, checkpoint, old)
    except WitnessError as exc:
        theirs = conflict_size(exc)
        if theirs is None or theirs > checkpoint.size:
            raise
        # The witness moved on without us (or we lost track): prove from its size instead.
        answer = _submit(witness, checkpoint, theirs)
    _store_cosignature(checkpoint, witness, answer)
    return checkpoint.size


def collect_cosignatures(checkpoint: Checkpoint | None = None) -> list[str]:
    """Ask every listed witness with a URL to cosign ``checkpoint`` (default: the latest) unless it did;
    store what they answer. Returns one line per witness contacted, saying what happened."""
    checkpoint = checkpoint or latest_checkpoint()
    if checkpoint is None:
        return []
    witnesses, _ = listed_witnesses()
    sizes = [c.handover_size for c in key_history() if c.handover_size is not None]
    handovers = list(Checkpoint.objects.filter(size__in=sizes).order_by("size"))
    done = []
    have = set(Cosignature.objects.filter(checkpoint=checkpoint).values_list("witness", flat=True))
    for witness in witnesses:
        if witness.url is None or witness.name in have:
            continue
        contact = WitnessContact.objects.filter(name=witness.name).first()
        if (
            contact is not None
            and contact.error.startswith(REFUSED)
            and contact.contacted_at is not None
            and contact.contacted_at >= checkpoint.signed_at
        ):
            continue  # it refused this very checkpoint; asking again only adds to its evidence folder
        old = contact.size if contact else 0
        if old > checkpoint.size:
            old = 0  # a stale view of ours; the witness answers 409 with its real size
        try:
            # A witness that missed a handover (down, or added since) learns the new key only from it:
            # send it that checkpoint first, or it refuses every later one (signed by the new key only).
            for handover in handovers:
                if (
                    old < handover.size < checkpoint.size
                    and not handover.cosignatures.filter(witness=witness.name).exists()
                ):
                    try:
                        old = _ask(witness, handover, old)
                    except WitnessError as exc:
                        theirs = conflict_size(exc)
                        if theirs is None or theirs <= handover.size:
                            raise
                        old = theirs  # it is past the handover already
            _ask(witness, checkpoint, old)
        except WitnessError as exc:
            theirs = conflict_size(exc)
            why = f"{REFUSED} with {exc.status}: {exc}"
            if theirs is not None and theirs > checkpoint.size:
                why = f"{REFUSED}: it cosigned size {theirs}, beyond our checkpoint {checkpoint.size}"
            _contact(witness.name, theirs, why)
            done.append(f"witness {witness.name}: {why}")
            continue
        except (OSError, NoteError) as exc:
            _contact(witness.name, None, f"no cosignature: {exc}")
            done.append(f"witness {witness.name}: no cosignature: {exc}")
            continue
        _contact(witness.name, checkpoint.size, "")
        done.append(f"witness {witness.name} cosigned checkpoint {checkpoint.size}")
    return done
