"""Realistic sample enterprises for trying the app and for benchmarks.

Deterministic for a given seed: valid credit codes registered in the enterprise's own district,
Chinese names that read like Ningbo firms, every district and manufacturing division represented.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from diagnosis.register import credit_code
from diagnosis.register.enterprise import Enterprise
from diagnosis.register.reference_data import register_reference

_PREFIXES = [
    "甬",
    "明",
    "浙",
    "海",
    "东",
    "港",
    "华",
    "恒",
    "宏",
    "鑫",
    "利",
    "达",
    "兴",
    "盛",
    "新",
    "博",
    "天",
    "瑞",
    "金",
    "永",
    "裕",
    "丰",
    "安",
    "嘉",
    "德",
    "信",
    "和",
    "荣",
    "昌",
    "泰",
]
_SECONDS = [
    "洲",
    "联",
    "科",
    "宇",
    "川",
    "通",
    "源",
    "力",
    "星",
    "辉",
    "晟",
    "远",
    "宸",
    "晖",
    "峰",
    "达",
    "航",
    "业",
    "凯",
    "诺",
    "越",
    "杰",
    "特",
    "迪",
    "维",
    "启",
    "顺",
    "腾",
    "创",
    "隆",
]
_BY_INDUSTRY = {
    "13": "饲料",
    "14": "食品",
    "15": "酒业",
    "16": "烟草",
    "17": "纺织",
    "18": "服饰",
    "19": "鞋业",
    "20": "木业",
    "21": "家具",
    "22": "纸业",
    "23": "印务",
    "24": "文具",
    "25": "燃料",
    "26": "化工",
    "27": "药业",
    "28": "化纤",
    "29": "塑胶",
    "30": "建材",
    "31": "钢铁",
    "32": "铜业",
    "33": "五金",
    "34": "机械",
    "35": "装备",
    "36": "汽车部件",
    "37": "船舶",
    "38": "电器",
    "39": "电子",
    "40": "仪表",
    "41": "制品",
    "42": "再生资源",
    "43": "设备维修",
}
_FORMS = ["有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"]
_ROADS = [
    "中山路",
    "解放路",
    "天童路",
    "明州路",
    "长江路",
    "黄山路",
    "嵩山路",
    "东海路",
    "兴业大道",
    "庆丰路",
    "望春路",
    "北环路",
    "滨海大道",
]
_SURNAMES = [
    "王",
    "李",
    "张",
    "刘",
    "陈",
    "杨",
    "黄",
    "赵",
    "吴",
    "周",
    "徐",
    "孙",
    "胡",
    "朱",
    "高",
    "林",
    "何",
    "郭",
    "马",
    "罗",
    "应",
    "邵",
    "俞",
    "谢",
]
_GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "建国",
    "海燕",
    "志强",
    "国华",
    "丽华",
]
_CLUSTER_BY_INDUSTRY = {
    "25": "246-PETCHEM",
    "26": "246-PETCHEM",
    "28": "246-MAT",
    "36": "246-AUTO",
    "34": "246-EQUIP",
    "35": "246-EQUIP",
    "39": "246-ELEC",
    "38": "246-APPL",
    "17": "246-TEXT",
    "18": "246-TEXT",
    "27": "246-BIO",
    "24": "246-STAT",
    "33": "246-PARTS",
    "42": "246-ENV",
}


def _code(rng: random.Random, region: str) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(8))
    check = credit_code.body_check_character(body) or "0"
    return credit_code.complete("91" + region + body + check)


def enterprises(n: int, seed: int = 20220101) -> Iterator[Enterprise]:
    rng = random.Random(seed)
    ref = register_reference()
    districts = ref.districts.items
    # Manufacturing divisions only (the register also knows mining and utilities): the ones the
    # demo has names for, in the order that keeps a seed's register the same as before.
    industries = [i for i in ref.industries.items if i.code in _BY_INDUSTRY]
    used_codes: set[str] = set()
    used_names: set[str] = set()
    for i in range(n):
        district = districts[i % len(districts)]
        industry = industries[rng.randrange(len(industries))]
        region = district.code if district.code.isdigit() else "330200"
        code = _code(rng, region)
        while code in used_codes:
            code = _code(rng, region)
        used_codes.add(code)
        place = district.zh.rstrip("区县市") if district.kind != "zone" else "宁波"
        name = ""
        while not name or name in used_names:
            brand = rng.choice(_PREFIXES) + rng.choice(_SECONDS)
            name = f"{place}{brand}{_BY_INDUSTRY[industry.code]}{rng.choice(_FORMS)}"
            if name in used_names:
                name = f"{place}{brand}{rng.choice(_SECONDS)}{_BY_INDUSTRY[industry.code]}有限公司"
        used_names.add(name)
        above = rng.random() < 0.55
        employees = rng.randint(80, 3000) if above else rng.randint(8, 120)
        output = round(rng.uniform(2000, 200000) if above else rng.uniform(200, 1999), 1)
        land = round(rng.uniform(10, 400), 1)
        tax = round(output * rng.uniform(0.005, 0.06), 1)
        yield Enterprise(
            name=name,
            credit_code=code,
            district=district.code,
            industry=industry.code,
            cluster=_CLUSTER_BY_INDUSTRY.get(industry.code) if rng.random() < 0.8 else None,
            above_scale=above,
            willing=rng.random() < (0.8 if above else 0.4),
            employees=employees,
            output_value=output,
            tax=tax,
            land_area=land,
            data_year=2023,
            address=f"浙江省宁波市{district.zh}{rng.choice(_ROADS)}{rng.randint(1, 999)}号",
            contact_person=rng.choice(_SURNAMES) + rng.choice(_GIVEN),
            contact_phone="1"
            + rng.choice("3589")
            + "".join(rng.choice("0123456789") for _ in range(9)),
            per_mu_class=rng.choice("AABBBCCD") if above else rng.choice([None, "C", "D"]),
            green_stars=rng.choice([0, 0, 0, 1, 2, 3, 3, 4, 5]) if above else 0,
        )
