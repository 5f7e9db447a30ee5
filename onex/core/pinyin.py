"""Sort keys that put Chinese names in pinyin (拼音) order (a → z), as people expect.

pypinyin's phrase dictionary takes a third of a second to load, so it is loaded on
the first name sorted, not when a command or a worker starts.
"""

from functools import lru_cache


@lru_cache(maxsize=65536)
def pinyin_key(name: str) -> str:
    from pypinyin import Style, lazy_pinyin

    # Tone numbers after each syllable keep 妈/马 apart but next to each other.
    return " ".join(lazy_pinyin(name.strip(), style=Style.TONE3, errors="default")).lower()
