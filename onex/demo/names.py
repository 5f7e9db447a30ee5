"""Plausible Chinese names, drawn deterministically so every run makes the same people."""

from __future__ import annotations

import random

SURNAMES = "李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建文斌宇浩凯健俊帆帅旭宁婷雪琳晨欣怡佳悦"
    "子轩梓涵思雨欣妍诗琪嘉豪家乐俊杰浩然宇航志远晓彤雅婷梦瑶雨桐紫萱嘉怡晓东振华海燕春梅秋菊冬生永康锦华"
)


def name_stream(seed: str) -> random.Random:
    return random.Random(seed)


def person_name(rng: random.Random) -> str:
    surname = rng.choice(SURNAMES)
    length = 1 if rng.random() < 0.3 else 2
    return surname + "".join(rng.choice(GIVEN) for _ in range(length))
