from __future__ import annotations

from typing import Any

from truce.cases.present import ruling_dict
from truce.rulings.models import Ruling


def ruling_out(ruling: Ruling, user: Any) -> dict[str, Any]:
    return ruling_dict(ruling, user)
