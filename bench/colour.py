"""Colour maths for the accessibility checks: WCAG 2.1 contrast, CIELAB, CIEDE2000 and colour-vision-deficiency simulation.

Plain Python, no dependency. Colours are ``"#rrggbb"`` strings or (r, g, b) tuples of 0-255 sRGB values.

>>> round(contrast_ratio("#000000", "#ffffff"), 1)
21.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence

RGB = tuple[float, float, float]

#: Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of Color Vision
#: Deficiency", IEEE TVCG 15(6):1291-1298, Table 1 at severity 1.0 (dichromacy). Applied to linear RGB.
CVD_MATRICES: dict[str, tuple[RGB, RGB, RGB]] = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}

# sRGB (D65) to CIE XYZ, IEC 61966-2-1; D65 white for CIELAB.
_RGB_TO_XYZ = ((0.4124564, 0.3575761, 0.1804375), (0.2126729, 0.7151522, 0.0721750), (0.0193339, 0.1191920, 0.9503041))
_WHITE_D65 = (0.95047, 1.0, 1.08883)


def rgb(colour: str | Sequence[float]) -> RGB:
    """Return ``colour`` ("#rrggbb", "#rgb" or a 0-255 triple) as a 0-255 float triple."""
    if isinstance(colour, str):
        digits = colour.lstrip("#")
        if len(digits) == 3:
            digits = "".join(2 * char for char in digits)
        if len(digits) != 6:
            raise ValueError(f"colour {colour!r} is not #rrggbb or #rgb")
        return tuple(float(int(digits[i : i + 2], 16)) for i in (0, 2, 4))  # type: ignore[return-value]
    red, green, blue = colour
    return float(red), float(green), float(blue)


def blend(top: str | Sequence[float], bottom: str | Sequence[float], alpha: float) -> RGB:
    """Return ``top`` drawn at opacity ``alpha`` over ``bottom``, composited in sRGB as browsers do."""
    return tuple(alpha * t + (1 - alpha) * b for t, b in zip(rgb(top), rgb(bottom)))  # type: ignore[return-value]


def to_linear(value_255: float) -> float:
    value = value_255 / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def from_linear(value: float) -> float:
    value = min(max(value, 0.0), 1.0)
    return 255 * (12.92 * value if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055)


def relative_luminance(colour: str | Sequence[float]) -> float:
    """Return the WCAG 2.1 relative luminance (0 black … 1 white)."""
    red, green, blue = (to_linear(channel) for channel in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str | Sequence[float], second: str | Sequence[float]) -> float:
    """Return the WCAG 2.1 contrast ratio of two colours, 1 … 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def simulate(colour: str | Sequence[float], deficiency: str) -> RGB:
    """Return ``colour`` as seen with ``deficiency`` (a key of :data:`CVD_MATRICES`), per Machado et al. 2009."""
    try:
        matrix = CVD_MATRICES[deficiency]
    except KeyError:
        raise ValueError(f"unknown deficiency {deficiency!r}; choose one of {', '.join(CVD_MATRICES)}") from None
    linear = [to_linear(channel) for channel in rgb(colour)]
    return tuple(from_linear(sum(m * c for m, c in zip(row, linear))) for row in matrix)  # type: ignore[return-value]


def lab(colour: str | Sequence[float]) -> RGB:
    """Return CIELAB (L*, a*, b*) of an sRGB colour, D65 white."""
    linear = [to_linear(channel) for channel in rgb(colour)]
    xyz = [sum(m * c for m, c in zip(row, linear)) / white for row, white in zip(_RGB_TO_XYZ, _WHITE_D65)]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(t) for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e_2000(lab1: Sequence[float], lab2: Sequence[float]) -> float:
    """Return the CIEDE2000 colour difference of two CIELAB colours.

    Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes,
    supplementary test data, and mathematical observations", Color Res. Appl. 30(1):21-30.
    """
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dlp, dcp = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    else:
        dhp = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dhp_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    lp_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_mean = (h1p + h2p) / 2
    else:
        hp_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hp_mean - 30)) + 0.24 * math.cos(math.radians(2 * hp_mean))
         + 0.32 * math.cos(math.radians(3 * hp_mean + 6)) - 0.20 * math.cos(math.radians(4 * hp_mean - 63)))
    d_theta = 30 * math.exp(-(((hp_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    s_l = 1 + 0.015 * (lp_mean - 50) ** 2 / math.sqrt(20 + (lp_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dlp / s_l) ** 2 + (dcp / s_c) ** 2 + (dhp_big / s_h) ** 2 + r_t * (dcp / s_c) * (dhp_big / s_h))


def colour_difference(first: str | Sequence[float], second: str | Sequence[float]) -> float:
    """Return the CIEDE2000 difference of two sRGB colours."""
    return delta_e_2000(lab(first), lab(second))


def hex_of(colour: str | Sequence[float]) -> str:
    """Return ``colour`` as "#rrggbb" (rounded)."""
    return "#" + "".join(f"{round(min(max(channel, 0), 255)):02x}" for channel in rgb(colour))
