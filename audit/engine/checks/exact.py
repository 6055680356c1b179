"""Numbers judged as they are written.

Evidence (JSON) and checklists (TOML) write decimals, which binary floats mostly miss:
0.7 + 0.1 is 0.7999999999999999 and 50.0 × 1.1 is 55.00000000000001, so a sum, a quotient
or a product landing exactly on an inclusive limit failed it. Where a check computes with
numbers instead of comparing them as written, it computes with the decimals they were
written as; comparing two written numbers needs nothing of the kind (reading both as floats
keeps their order).
"""

from __future__ import annotations

import decimal
import functools
import math
from collections.abc import Iterable

# Sixty digits: far beyond a float's seventeen, so a sum or quotient is rounded, if at all,
# long after any digit that decides a comparison.
_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)

# A float computed from two written decimals is within a few units in the last place of
# the exact result (about 1e-16 relative): pairs closer than this are judged exactly.
near = functools.partial(math.isclose, rel_tol=1e-12)


def exact(value: float) -> decimal.Decimal:
    """The decimal a number was written as: an integer as it is, a float as the shortest
    decimal that reads back as it (its ``repr``, what the file said)."""
    if isinstance(value, int):
        return decimal.Decimal(value)
    return decimal.Decimal(repr(value))


def compared(value: decimal.Decimal | float, limit: decimal.Decimal | float) -> int:
    """How ``value`` compares with ``limit``: -1 below, 0 equal, 1 above."""
    return (value > limit) - (value < limit)


def exact_sum(values: Iterable[float]) -> decimal.Decimal:
    """The sum of written numbers, in decimal (integers summed as integers first)."""
    values = list(values)
    kinds = set(map(type, values))
    if kinds <= {int}:  # counts and whole amounts: summed in C, exactly
        return decimal.Decimal(sum(values))
    try:
        integral = kinds <= {int, float} and all(map(float.is_integer, map(float, values)))
        if integral and max(map(abs, values), default=0) < 2**53:  # each exact as a float
            total = math.fsum(values)  # correctly rounded: exact while the sum fits a float
            if abs(total) < 2**53:
                return decimal.Decimal(int(total))
    except OverflowError:  # amounts of 1e308, or an integer no float holds: in decimal
        pass
    whole = sum(v for v in values if isinstance(v, int))
    with decimal.localcontext(_CONTEXT):
        return sum((exact(v) for v in values if not isinstance(v, int)), decimal.Decimal(whole))


def exact_quotient(numerator: decimal.Decimal, denominator: decimal.Decimal) -> decimal.Decimal:
    """``numerator ÷ denominator`` (not zero) to sixty digits."""
    with decimal.localcontext(_CONTEXT):
        return numerator / denominator


def exact_product(value: float, scale: float) -> decimal.Decimal:
    """``value × scale`` in decimal, exactly."""
    with decimal.localcontext(_CONTEXT):
        return exact(value) * exact(scale)
