"""The public record page: the latest checkpoint and which checkpoint each witness has cosigned."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from truce.record.checkpoints import RecordKeyError, freshness, key_history, latest_checkpoint, log_vkey
from truce.record.models import Cosignature, Head, WitnessContact
from truce.record.witnesses import listed_witnesses


def record_page(request: HttpRequest) -> HttpResponse:
    """Public, like the record API: sizes, keys, checkpoints and cosignatures hold nothing confidential."""
    try:
        vkey = log_vkey()
    except RecordKeyError:
        vkey = ""
    latest = latest_checkpoint()
    witnesses, quorum = listed_witnesses()
    contacts = {c.name: c for c in WitnessContact.objects.all()}
    rows = []
    for w in witnesses:
        last = Cosignature.objects.filter(witness=w.name).order_by("-checkpoint_id").first()
        contact = contacts.get(w.name)
        rows.append(
            {
                "witness": w,
                "cosigned": last.checkpoint_id if last else None,
                "current": bool(last and latest and last.checkpoint_id == latest.size),
                "lag": latest.size - last.checkpoint_id if last and latest else None,
                "error": contact.error if contact else "",
            }
        )
    head = Head.objects.filter(id=1).first()
    context = {
        "origin": vkey.split("+", 1)[0] if vkey else "",
        "vkey": vkey,
        "size": head.size if head else 0,
        "latest": latest,
        "rows": rows,
        "quorum": quorum,
        "cosigners": sum(1 for r in rows if r["current"]),
        "fresh": freshness(),
        "key_history": key_history(),
    }
    return render(request, "record/record.html", context)
