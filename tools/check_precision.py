"""Every stored output prints numbers at a precision that holds on every machine.

    python -m tools.check_precision chapters/*.ipynb

The golden notebooks must read the same on any CPU that runs the lock, and the last digits of a
float differ between CPUs (NumPy's SIMD loops, OpenBLAS's kernels). A float printed with more
than MAX_DIGITS significant digits, or a raw repr (np.float64(...), a tensor, an array), is
such a digit waiting to differ. Checked: every printed or displayed text of every code cell,
glued values (which must be text formatted by labcode.book.glue), Markdown and HTML outputs,
and figure captions and alt texts. Exits 1 and names each offender.
"""

import json
import re
import sys
from pathlib import Path

MAX_DIGITS = 10  # README, "Golden notebooks": the most significant digits a stored number shows

NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?(?![\w.])")
RAW_REPRS = {
    r"\bnp\.(?:float|int|uint|bool|complex)\w*\(": "a NumPy scalar repr",
    r"<tf\.Tensor|\btf\.Tensor\(|numpy=": "a TensorFlow tensor repr",
    r"<tf\.Variable": "a TensorFlow variable repr",
    r"\barray\(\[": "a NumPy array repr",
    r"\bFraction\(": "a Fraction repr",
}
GLUE = "application/papermill.record/text/plain"
CODE_BLOCK = re.compile(r"^```.*?^```", re.M | re.S)


def significant_digits(token):
    """Significant digits of a float literal ("0.00125" -> 3, "1.50e-3" -> 3); None for an int."""
    mantissa = re.split("[eE]", token.lstrip("+-"))[0]
    if "." not in mantissa and mantissa == token.lstrip("+-"):
        return None
    return len(mantissa.replace(".", "").lstrip("0")) or 1


def texts(cell):
    """(where, text) for every text a code cell stores or shows beside its outputs."""
    meta = cell.get("metadata", {}).get("mystnb", {})
    for key in ("figure", "image"):
        for field in ("caption", "alt"):
            if isinstance(meta.get(key), dict) and field in meta[key]:
                yield f"{key} {field}", meta[key][field]
    for out in cell.get("outputs", []):
        if out["output_type"] == "stream":
            yield out["name"], "".join(out["text"])
        for mime, data in out.get("data", {}).items():
            if not mime.startswith("image/"):
                yield (
                    mime,
                    data
                    if isinstance(data, str)
                    else "".join(data)
                    if isinstance(data, list)
                    else json.dumps(data),
                )
        if out["output_type"] == "error":
            yield "error", f"{out['ename']}: {out['evalue']}"


def problems(notebook):
    """Each output of ``notebook`` that would differ between machines, described."""
    cells = [c for c in json.loads(Path(notebook).read_text())["cells"] if c["cell_type"] == "code"]
    for i, cell in enumerate(cells):
        for where, text in texts(cell):
            if where == "text/markdown":  # code shown by labcode.book.show_source is not a result
                text = CODE_BLOCK.sub("", text)
            if where == GLUE and not text.startswith(("'", '"')):
                yield (
                    f"cell {i}: a glued value stored as {text!r}, not as text: glue it with "
                    "labcode.book.glue and a format"
                )
            for pattern, what in RAW_REPRS.items():
                match = re.search(pattern, text)
                if match:
                    context = text[max(0, match.start() - 30) : match.end() + 30]
                    yield f"cell {i} ({where}): {what} prints machine-dependent digits: {context!r}"
            for match in NUMBER.finditer(text):
                digits = significant_digits(match.group())
                if digits and digits > MAX_DIGITS:
                    yield (
                        f"cell {i} ({where}): {match.group()} has {digits} significant digits "
                        f"(at most {MAX_DIGITS}: format it at the precision it holds)"
                    )


def main(paths):
    bad = 0
    for path in paths:
        for problem in problems(path):
            print(f"{path}: {problem}")
            bad += 1
    if bad:
        print(f"{bad} stored outputs would differ between machines", file=sys.stderr)
        return 1
    print(
        f"precision check: {len(paths)} notebooks, every number at most {MAX_DIGITS} "
        "significant digits, no raw reprs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
