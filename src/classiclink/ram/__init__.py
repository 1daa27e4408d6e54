"""RAM policy engine: parse policy documents and decide requests, with no I/O.

``parse_policy`` validates a document into a ``Policy``; ``evaluate`` returns a
``Decision`` for an action on one or more resource ARNs (api-spec §6).
"""

from classiclink.ram.evaluate import Decision, DecisionKind, evaluate
from classiclink.ram.policy import (
    Condition,
    Effect,
    Policy,
    PolicyError,
    Statement,
    parse_policy,
    wildcard_match,
)

__all__ = [
    "Condition",
    "Decision",
    "DecisionKind",
    "Effect",
    "Policy",
    "PolicyError",
    "Statement",
    "evaluate",
    "parse_policy",
    "wildcard_match",
]
