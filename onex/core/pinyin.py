"""Sort keys that put Chinese names in pinyin order (a → z), as people expect."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def pinyin_key(name: str) -> str:
    # Tone numbers after each syllable keep 妈/马 apart but next to each other.
    return " ".join(lazy_pinyin(name.strip(), style=Style.TONE3, errors="default")).lower()
