"""Two renderings of a figure, compared as a reader sees them: the share of pixels that differ.

Matplotlib draws a figure byte for byte alike on one machine, and round-off moves a curve by far
less than a pixel, unless the figure plots round-off or chaos itself. A pixel counts as different
when no pixel within RADIUS of it in the other image has nearly its colour (COLOUR in every
channel, out of 255): anti-aliasing and sub-pixel moves pass; a wrong curve, a missing series or
other axes do not. Two figures differ when more than TOLERANCE of their pixels do, or when their
sizes differ by more than SIZE_SLACK pixels (a tight bounding box can gain a pixel).
"""

import base64
import io

import numpy as np
from PIL import Image

RADIUS = 1
COLOUR = 48
TOLERANCE = 0.001
SIZE_SLACK = 2


def decode(png):
    """The RGB pixels (int16, height x width x 3) of a base64 PNG, transparency on white."""
    image = Image.open(io.BytesIO(base64.b64decode(png)))
    white = Image.new("RGBA", image.size, "white")
    return np.asarray(Image.alpha_composite(white, image.convert("RGBA")).convert("RGB"), np.int16)


def unmatched(a, b):
    """Where the pixels of ``a`` have no pixel of nearly their colour within RADIUS in ``b``."""
    height, width, _ = a.shape
    padded = np.pad(b, ((RADIUS, RADIUS), (RADIUS, RADIUS), (0, 0)), mode="edge")
    matched = np.zeros((height, width), bool)
    for dy in range(2 * RADIUS + 1):
        for dx in range(2 * RADIUS + 1):
            near = padded[dy : dy + height, dx : dx + width]
            matched |= np.abs(a - near).max(axis=2) <= COLOUR
    return ~matched


def compare(stored, new, size_slack=SIZE_SLACK):
    """``(share of differing pixels, mask over the stored image)``, after the best alignment of
    two images whose sizes differ by at most ``size_slack``; None if they differ by more."""
    a, b = decode(stored), decode(new)
    (ha, wa, _), (hb, wb, _) = a.shape, b.shape
    if abs(ha - hb) > size_slack or abs(wa - wb) > size_slack:
        return None
    height, width = min(ha, hb), min(wa, wb)
    best = None
    for ya in range(ha - height + 1):
        for xa in range(wa - width + 1):
            for yb in range(hb - height + 1):
                for xb in range(wb - width + 1):
                    ca = a[ya : ya + height, xa : xa + width]
                    cb = b[yb : yb + height, xb : xb + width]
                    mask = unmatched(ca, cb) | unmatched(cb, ca)
                    if best is None or mask.mean() < best[0]:
                        best = (float(mask.mean()), mask, ca)
    return best


def difference(stored, new, tolerance=TOLERANCE, size_slack=SIZE_SLACK, save=None):
    """None if the two base64 PNGs show the same figure (sizes within ``size_slack`` pixels, at
    most ``tolerance`` of the pixels differing), else what differs, in a sentence.

    With ``save`` (a path prefix), a differing pair is written beside it for review: the
    stored image, the new one, and the stored one with the differing pixels in red.
    """
    if stored.strip() == new.strip():
        return None
    result = compare(stored, new, size_slack)
    if result is not None and result[0] <= tolerance:
        return None
    if result is None:
        (ha, wa, _), (hb, wb, _) = decode(stored).shape, decode(new).shape
        text = f"the figure is {wb}x{hb} pixels where the stored one is {wa}x{ha}"
    else:
        text = (
            f"{result[0]:.2%} of the figure's pixels differ from the stored figure's "
            f"(at most {tolerance:.1%} may: a pixel differs when no pixel within {RADIUS} of it "
            f"has its colour to within {COLOUR}/255)"
        )
    if save is not None:
        save.parent.mkdir(parents=True, exist_ok=True)
        for name, png in (("stored", stored), ("new", new)):
            save.with_name(f"{save.name}-{name}.png").write_bytes(base64.b64decode(png))
        if result is not None:
            _, mask, pixels = result
            marked = (pixels * 0.3 + 255 * 0.7).astype(np.uint8)
            marked[mask] = (230, 0, 0)
            Image.fromarray(marked).save(save.with_name(f"{save.name}-diff.png"))
        text += f"; see {save}-{{stored,new{',diff' if result else ''}}}.png"
    return text
