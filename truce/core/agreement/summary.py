"""A plain-text summary of an agreement, for ``truce agreement show`` and for people reviewing a file."""

from __future__ import annotations

from truce.core.agreement.categories import BUILTIN_CATEGORIES
from truce.core.agreement.model import Agreement

_PUBLISH = {"ruling": "when the ruling takes effect", "manual": "by hand"}


def summarise(agreement: Agreement) -> str:
    a = agreement
    builtin_names = {c.name for c in BUILTIN_CATEGORIES}
    lines = [
        f"{a.title}",
        f"  id: {a.id}",
        f"  in force: {a.in_force}" + (f", mandate until {a.mandate_until}" if a.mandate_until else ""),
        f"  time zone: {a.timezone}; languages: {', '.join(a.languages)}",
        "",
        "Parties:",
        *(f"  {p.code:<10} {p.name}" for p in a.parties),
    ]
    if a.mediators:
        lines += ["Mediators:", *(f"  {m.code:<10} {m.name}" for m in a.mediators)]
    if a.mission:
        under = f" (mandated by {a.mission.mandated_by})" if a.mission.mandated_by else ""
        lines += ["Monitoring mission:", f"  {a.mission.code:<10} {a.mission.name}{under}"]
    lines += ["", "Commitments:"]
    for c in a.commitments:
        points = f" [{c.points} points]" if c.points is not None else ""
        lines += [f"  {c.id}: {c.title}{points}", f"      covers: {'; '.join(c.covers)}"]
    own = [c for c in a.categories if c.name not in builtin_names]
    if own:
        lines += ["Categories of this agreement:", *(f"  {c.name}" for c in own)]
    proc = a.procedure
    lines += [
        "",
        "Procedure:",
        f"  reply window: {proc.reply_window_hours} hours (on the {a.timezone} clock)",
        f"  rulings signed by: {proc.ruling_quorum.describe()} ({', '.join(a.signatory_bodies())})",
        f"  rulings published: {_PUBLISH[proc.publish_after]}",
        f"  severity points: {proc.default_points} by default"
        + "".join(f"; {kind} {points}" for kind, points in proc.severity_points.items()),
    ]
    if a.zones:
        lines += [
            "Zones:",
            *(f"  {z.name} ({z.geometry_path}, {len(z.polygons)} polygon(s))" for z in a.zones),
        ]
    if a.witnesses:
        lines += [
            f"Witnesses ({a.witness_quorum} of {len(a.witnesses)} must cosign):",
            *(f"  {w.name}: {w.key}" for w in a.witnesses),
        ]
    if a.penalties:
        lines += ["Penalty schedule:"]
        for rule in a.penalties:
            extra = [f"severity {rule.severity}"]
            if rule.replaces:
                extra.append(f"replaces {', '.join(rule.replaces)}")
            if rule.expires_after_days:
                extra.append(f"lapses after {rule.expires_after_days} days")
            lines += [f"  {rule.id}: when {rule.when.text} -> {rule.measure} ({'; '.join(extra)})"]
    if a.sources:
        lines += ["Sources:", *(f"  {s.date or ''} {s.title} {s.url}".rstrip() for s in a.sources)]
    return "\n".join(lines)
