"""Breaking a text into lines of a width in points: at spaces in English and Russian, between characters in Japanese.

Japanese has no spaces: a line may break between any two characters, except before closing punctuation and small
kana (、。」ー ッ...) and after opening brackets (「（...), the basic line-breaking rules (kinsoku) of JIS X 4051.
A word longer than the line (a long URL) is broken after a ``/`` or, failing that, anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["wrap"]

#: Characters a line may not start with, and may not end with.
NO_START = set("、。，．,.）)」』】〕〉》］｝!?！？：；:;ー～ゝゞ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・”’»")
NO_END = set("（(「『【〔〈《［｛“‘«")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _tokens(text: str) -> list[str]:
    """Split ``text`` into the pieces a line may break between (spaces stay at the end of the word before them)."""
    tokens: list[str] = []
    word = ""
    for char in text:
        if _CJK.match(char):
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        elif char == " ":
            word += char
            tokens.append(word)
            word = ""
        else:
            if word.endswith(" "):
                tokens.append(word)
                word = ""
            word += char
    if word:
        tokens.append(word)
    # Keep punctuation with its neighbour: no line starts with a closing mark or ends with an opening one.
    glued: list[str] = []
    for token in tokens:
        if glued and (token[0] in NO_START or glued[-1][-1] in NO_END):
            glued[-1] += token
        else:
            glued.append(token)
    return glued


def _split_long(token: str, width: float, measure: Callable[[str], float]) -> list[str]:
    pieces, current = [], ""
    for part in re.split(r"(?<=/)", token):
        if current and measure(current + part) > width:
            pieces.append(current)
            current = ""
        while measure(part) > width:
            cut = len(part)
            while cut > 1 and measure(part[:cut]) > width:
                cut -= 1
            pieces.append(part[:cut])
            part = part[cut:]
        current += part
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Return the lines of ``text`` (its own line breaks kept) each at most ``width`` wide as ``measure`` measures."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _tokens(paragraph):
            if measure((line + token).rstrip()) <= width:
                line += token
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = ""
            if measure(token.rstrip()) > width:
                *full, token = _split_long(token, width, measure)
                lines += full
            line = token
        lines.append(line.rstrip())
    return lines
