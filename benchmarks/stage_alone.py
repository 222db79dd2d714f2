"""The label the stage-alone evaluations print: their figures are a debugging aid.

One stage run alone on the dev sets never sees how the stages interact (the clean stage's
dateline reaching the dates stage, a short body emptied before language detection), so its
figures are not what users get. The product's figures come from ``eval_product.py``.
"""

NOTE = (
    "one stage alone, a debugging aid: the figures that count come through the product "
    "(benchmarks/eval_product.py, make eval)"
)


def announce() -> None:
    """Print the label above the script's figures."""
    print(f"[{NOTE}]")
