"""The agreement format: a ceasefire's parties, commitments, procedure and penalty schedule, as data.

``load_agreement(path)`` returns a validated, frozen ``Agreement`` or raises ``AgreementError`` listing
every problem; ``check_agreement(path)`` returns those problems. ``docs/agreement-format.md`` is the
reference for the file format and the penalty condition language (``conditions``).
"""

from truce.core.agreement.load import check_agreement, load_agreement
from truce.core.agreement.model import Agreement
from truce.core.agreement.problems import AgreementError, Problem

__all__ = ["Agreement", "AgreementError", "Problem", "check_agreement", "load_agreement"]
