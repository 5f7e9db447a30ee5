"""Pinyin sort keys for many names at once, equal to ``onex.core.pinyin.pinyin_key``.

pypinyin reads a name character by character unless part of it is a known
phrase, so a name made only of Chinese characters with no phrase inside
gets the join of its characters' keys, computed once per character. Every
other name goes through ``pinyin_key`` itself.
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin.constants import PHRASES_DICT

from onex.core.pinyin import pinyin_key


@lru_cache(maxsize=20000)
def _char_key(char: str) -> str:
    return pinyin_key(char)


def name_pinyin(name: str) -> str:
    name = name.strip()
    size = len(name)
    for start in range(size - 1):
        for end in range(start + 2, size + 1):
            if name[start:end] in PHRASES_DICT:
                return pinyin_key(name)
    parts = []
    for char in name:
        if not ("\u4e00" <= char <= "\u9fff"):
            return pinyin_key(name)
        parts.append(_char_key(char))
    return " ".join(parts)
