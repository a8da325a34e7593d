"""Agreements as data: the loaded agreement rows, their actions and API. The agreement files shipped with
Truce live in `shipped/` inside the package, so a plain `pip install .` carries them (`truce demo` loads
one)."""

from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "shipped"
