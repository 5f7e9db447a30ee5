from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def rate(numerator: int | Decimal, denominator: int | Decimal) -> Decimal:
    """numerator / denominator as a percentage, rounded half up (四舍五入) to two places.

    411/450 -> 91.33, 1/32 -> 3.13; an empty denominator gives 0.00.
    """
    if not denominator:
        return Decimal("0.00")
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def money(value: Decimal | int | None) -> Decimal:
    return Decimal(value or 0).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
