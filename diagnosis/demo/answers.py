"""The answers a diagnosis team could give for a demo firm: a year of bills, the equipment lists
and the management questions, made to agree with each other and with the firm's size.

The demo goes the consultant's way: it only answers questions (E01-E03, W01, W03, the tables...)
and every figure of its plan is then computed from those answers, as for a real visit. The
profiles below are demo assumptions, not reference data: no figure of a plan is read from them.
Deterministic for a random generator's seed. No Qt, no SQL.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from diagnosis.checklists.conditions import holds
from diagnosis.checklists.format import Checklist, Item
from diagnosis.register.enterprise import Enterprise

# Per industry division (GB/T 4754): energy intensity (tce per 万元 output, 当量值), the share of
# it that is electricity, water intake (m³ per 万元), shifts worked. Demo assumptions only.
_HEAVY = {"17", "22", "25", "26", "28", "30", "31", "32"}
_INTENSITY = {
    "17": (0.08, 0.20), "22": (0.20, 0.45), "25": (0.30, 0.80), "26": (0.15, 0.50),
    "28": (0.20, 0.45), "30": (0.30, 0.90), "31": (0.30, 0.70), "32": (0.10, 0.35),
    "27": (0.05, 0.15), "29": (0.05, 0.12), "33": (0.04, 0.12), "13": (0.03, 0.08),
    "14": (0.03, 0.08), "15": (0.03, 0.08),
}  # fmt: skip
_WATER = {"17": (8.0, 30.0), "22": (15.0, 45.0), "26": (4.0, 15.0), "27": (3.0, 10.0),
          "13": (3.0, 10.0), "14": (3.0, 10.0), "15": (4.0, 12.0), "28": (4.0, 12.0)}  # fmt: skip
_MOTOR_CLASSES = (  # row id, share of motor kW, typical unit size and its spread (kW)
    ("p_le_7_5", 0.18, 3.0, 4.0),
    ("p_7_5_45", 0.40, 18.5, 25.0),
    ("p_45_160", 0.30, 75.0, 80.0),
    ("p_160_375", 0.12, 220.0, 120.0),
)
_COMPRESSORS = (22, 37, 55, 75, 90, 110, 132, 160, 200, 250)  # kW, common screw sizes
_TRANSFORMERS = (250, 315, 400, 500, 630, 800, 1000, 1250, 1600, 2000, 2500)  # kVA
_BOILERS = (1, 2, 4, 6, 10, 15, 20)  # t/h
_TCE_PER_KWH = 0.0001229  # tce per kWh and per m³ of gas (当量值, GB/T 2589), to size the bills
_TCE_PER_M3_GAS = 0.0012143


@dataclass(frozen=True)
class Firm:
    """The demo firm's year as its bills and nameplates would show it."""

    year: int
    output: float  # 万元
    hours: int  # operating hours a year
    kwh: int
    gas_m3: int
    diesel_t: float
    steam_t: int  # purchased steam
    intake: int  # m³
    heavy: bool
    price_kwh: float
    price_gas: float
    price_water: float


def firm_profile(e: Enterprise, rng: random.Random, year: int) -> Firm:
    industry = e.industry or "34"
    output = float(e.output_value or round(rng.uniform(5_000, 80_000), 1))
    heavy = industry in _HEAVY
    low, high = _INTENSITY.get(industry, (0.02, 0.07))
    tce = output * rng.uniform(low, high)
    electric_share = rng.uniform(0.40, 0.70) if heavy else rng.uniform(0.65, 0.92)
    kwh = round(tce * electric_share / _TCE_PER_KWH, -1)
    gas = round(tce * (1 - electric_share) * 0.9 / _TCE_PER_M3_GAS)
    staff = e.employees or max(20, round(output / 80))
    shifts = 3 if heavy or rng.random() < 0.25 else rng.choice((1, 2, 2))
    w_low, w_high = _WATER.get(industry, (0.4, 2.5))
    steam = round(rng.uniform(800, 6_000), -1) if heavy and rng.random() < 0.4 else 0
    return Firm(
        year,
        output,
        {1: 2_500, 2: 4_800, 3: 7_200}[shifts] + rng.randint(-200, 300),
        int(kwh),
        int(gas),
        round(min(60.0, staff / 60 * rng.uniform(0.6, 1.6)), 1),
        int(steam),
        int(round(output * rng.uniform(w_low, w_high), -1)),
        heavy,
        round(rng.uniform(0.64, 0.78), 3),
        round(rng.uniform(3.6, 4.3), 2),
        round(rng.uniform(4.9, 6.2), 2),
    )


def answer_area(
    checklist: Checklist, firm: Firm, e: Enterprise, rng: random.Random
) -> dict[str, Any]:
    """Every question of ``checklist`` the team would ask (relevance followed as answered)."""
    special = _SPECIAL.get(checklist.area, {})
    answers: dict[str, Any] = {}
    for item in checklist.items:
        if not holds(item.relevant, answers):
            continue
        maker = special.get(item.id)
        value = maker(firm, e, rng, answers) if maker else _generic(item, rng, e)
        if value is not None:
            answers[item.id] = value
    return answers


# -- energy -------------------------------------------------------------------------------------


def _carriers(f: Firm, _e: Enterprise, _rng: random.Random, _a: Mapping[str, Any]) -> Any:
    rows: dict[str, dict[str, Any]] = {
        "electricity": {"quantity": f.kwh, "note": "供电局电费结算单 12 个月合计"},
        "natural_gas": {"quantity": f.gas_m3, "note": "燃气公司账单"},
        "diesel": {"quantity": f.diesel_t, "note": "叉车、应急发电机"},
    }
    if f.steam_t:
        rows["steam"] = {"quantity": f.steam_t, "note": "园区集中供汽结算"}
    return rows


def _energy_cost(f: Firm, *_: Any) -> float:
    money = f.kwh * f.price_kwh + f.gas_m3 * f.price_gas + f.diesel_t * 8_600 + f.steam_t * 230
    return round(money / 10_000, 1)


def _motors(f: Firm, _e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> Any:
    # Motors draw about two thirds of a plant's electricity at ~60 % load over the hours worked.
    installed = f.kwh * rng.uniform(0.55, 0.7) / (f.hours * 0.6)
    rows = {}
    for row, share, size, spread in _MOTOR_CLASSES:
        unit = size + rng.uniform(-0.3, 0.3) * spread
        count = int(installed * share / unit)
        if count == 0:
            continue
        total = round(count * unit, 1)
        grade = rng.choices(["g2", "g3", "below_g3", "unknown"], [1, 4, 4, 1])[0]
        vfd = int(count * rng.uniform(0.05, 0.4))
        rows[row] = {"count": count, "total_kw": total, "grade": grade, "vfd_count": vfd}
    return rows


def _compressors(f: Firm, _e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> Any:
    air_kwh = f.kwh * rng.uniform(0.08, 0.2)
    needed = air_kwh / (f.hours * 0.75)  # kW running at about three quarters load
    if needed < 15:
        return None  # a small workshop without a compressor room: the air questions stay hidden
    rows = {}
    for n in range(1, 3 if needed > 120 else 2):
        share = needed if n == 1 and needed <= 120 else needed / 2
        kw = min(_COMPRESSORS, key=lambda size: abs(size - share / 1.5))
        count = max(1, round(share / kw))
        specific = round(rng.uniform(6.6, 8.6), 2)
        rows[f"group_{n}"] = {
            "count": count,
            "kw": float(kw),
            "type": "oil_injected_screw",
            "pressure_bar": rng.choice((7.0, 7.5, 8.0)),
            "fad": round(kw / specific, 1),
            "control": rng.choices(["load_unload", "vsd"], [3, 1])[0],
            "specific_power": specific,
        }
    return rows


def _transformers(f: Firm, _e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> Any:
    peak = f.kwh / f.hours / 0.65
    units = 1 if peak < 900 else 2 if peak < 2_500 else 3
    size = min(_TRANSFORMERS, key=lambda kva: abs(kva * units * 0.5 - peak))
    load = min(95.0, round(peak / (size * units) * 100 * 0.85))
    rows = {}
    for n in range(1, units + 1):
        family = rng.choices(["s9_or_older", "s11", "s13", "s20_or_better"], [2, 4, 3, 1])[0]
        grade = {"s9_or_older": "below_g3", "s11": "below_g3", "s13": "g3"}.get(family, "g2")
        rows[f"t{n}"] = {
            "capacity_kva": float(size),
            "family": family,
            "grade": grade,
            "load_pct": float(max(20, load + rng.randint(-8, 8))),
        }
    return rows


def _boilers(f: Firm, _e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> Any:
    steam = f.gas_m3 * 0.7 / 78  # t of steam a year, about 78 m³ of gas a tonne
    if steam < 500:
        return None  # gas for canteens and ovens only: no boiler house
    capacity = min(_BOILERS, key=lambda tph: abs(tph - steam / (f.hours * 0.55)))
    return {
        "boiler_1": {
            "count": 1 if capacity < 10 else 2,
            "fuel": "natural_gas",
            "capacity_tph": float(capacity),
            "efficiency_pct": round(rng.uniform(84, 93), 1),
            "note": "2023 年热工测试报告" if rng.random() < 0.5 else "设计值",
        }
    }


def _lighting(f: Firm, e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> Any:
    staff = e.employees or 100
    fixtures = int(staff * rng.uniform(1.5, 3.5))
    led = rng.uniform(0.2, 0.8)
    lit = min(8_760, round(f.hours * 0.9, -2))
    rows = {
        "t8_fluorescent": {"count": int(fixtures * (1 - led) * 0.8), "watt": 45.0, "hours": lit},
        "hid": {"count": int(fixtures * (1 - led) * 0.2), "watt": 400.0, "hours": lit},
        "led": {"count": int(fixtures * led), "watt": 18.0, "hours": lit},
    }
    return {k: v for k, v in rows.items() if v["count"] > 0}


def _products(f: Firm, e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> Any:
    """E06's rows (energy 2026.3). One draw from ``rng``, as the text answer took before, so the
    answers after it stay as they were; the rest comes from a generator seeded by that draw."""
    thousands = rng.randint(2, 90)
    local = random.Random(thousands * 7_919 + int(f.output))
    name = e.name[2:8] if e.name else "产品"
    tce = f.kwh * _TCE_PER_KWH + f.gas_m3 * _TCE_PER_M3_GAS  # to size a plausible output
    if (e.industry or "").startswith("30"):  # building materials: tiles, under a limit standard
        m2 = round(tce * 1_000 / local.uniform(3.6, 7.6), -2)
        return {"product_1": _product("瓷质抛光砖", "m2", m2, None, "ceramic_tile")}
    pieces = float(max(thousands * 1_000, round(tce * 1_000 / local.uniform(0.3, 3.0), -3)))
    if local.random() < 0.35:  # two product lines, the team's split from the workshop meters
        main = float(local.choice((60, 65, 70, 75, 80)))
        parts = round(pieces * local.uniform(0.5, 2.0), -2)
        return {
            "product_1": _product(f"{name}系列", "piece", pieces, main),
            "product_2": _product("配套零部件", "piece", parts, 100 - main),
        }
    return {"product_1": _product(f"{name}系列", "piece", pieces)}


def _product(
    name: str, unit: str, output: float, share: float | None = None, limit: str = "none"
) -> dict[str, Any]:
    row: dict[str, Any] = {"name": name, "unit": unit, "output": output, "limit": limit}
    if share is not None:
        row["share_pct"] = share
    return row


def _suitable_roof(f: Firm, e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> float:
    land = e.land_area or 30.0  # 亩
    return float(round(land * 666.7 * rng.uniform(0.25, 0.45) * rng.uniform(0.5, 0.8), -1))


def _fans_without_vfd(f: Firm, _e: Enterprise, rng: random.Random, a: Mapping[str, Any]) -> float:
    motors = a.get("E07", {})
    kw = sum(r.get("total_kw", 0) for k, r in motors.items() if k in ("p_7_5_45", "p_45_160"))
    return float(round(kw * rng.uniform(0.1, 0.25), 1))


# -- water and the rest -------------------------------------------------------------------------


def _intake(f: Firm, _e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> Any:
    own = rng.random() < 0.2
    tap = round(f.intake * (rng.uniform(0.6, 0.85) if own else 1.0), -1)
    rows: dict[str, dict[str, Any]] = {"tap": {"quantity": tap, "note": "自来水费单"}}
    if own:
        rows["ground"] = {"quantity": round(f.intake - tap, -1), "note": "取水许可台账"}
    return rows


def _reused(f: Firm, _e: Enterprise, rng: random.Random, a: Mapping[str, Any]) -> float:
    return float(round(f.intake * (rng.uniform(2, 9) if f.heavy else rng.uniform(0.3, 3)), -1))


def _circulating(f: Firm, _e: Enterprise, rng: random.Random, a: Mapping[str, Any]) -> float:
    return float(round(a.get("W03", f.intake) * rng.uniform(0.6, 0.9), -1))


def _make_up(f: Firm, _e: Enterprise, rng: random.Random, a: Mapping[str, Any]) -> float:
    return float(round(min(f.intake * 0.6, a.get("W05", 0) * rng.uniform(0.01, 0.03)), -1))


def _steam_used(f: Firm, *_: Any) -> float:
    return float(round(f.steam_t + f.gas_m3 * 0.7 / 78, -1))


def _condensate(f: Firm, _e: Enterprise, rng: random.Random, a: Mapping[str, Any]) -> float:
    return float(round(a.get("W09", 0) * rng.uniform(0.0, 0.3), -1))


def _discharge(f: Firm, _e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> float:
    return float(round(f.intake * rng.uniform(0.55, 0.85), -1))


def _wastewater_reused(f: Firm, _e: Enterprise, rng: random.Random, a: Mapping[str, Any]) -> float:
    return float(round(a.get("W12", 0) * rng.uniform(0.0, 0.2), -1))


# W23: the demo firm's main product; textiles and paper get a product the intake-quota table
# covers, near its quota (demo assumption: 0.75-1.3 times it). Quota values are not read here.
_QUOTA_PRODUCTS = {
    "17": ("涤棉混纺机织布", "100 m", "textile.woven", 2.0),
    "22": ("瓦楞原纸", "t", "paper.corrugating_medium", 25.0),
}
_PRODUCT_NAMES = {"13": "饲料", "14": "食品", "18": "服装", "26": "化工产品", "29": "塑料制品",
                  "30": "建材制品", "31": "钢材", "33": "金属制品", "34": "机械零部件",
                  "36": "汽车零部件", "38": "电机", "39": "电子元件"}  # fmt: skip


def _water_products(f: Firm, e: Enterprise, _rng: random.Random, _a: Mapping[str, Any]) -> Any:
    # Its own generator, so adding W23 leaves every later demo answer as it was.
    rng = random.Random(f.intake * 7 + f.year)
    division = (e.industry or "")[:2]
    if division in _QUOTA_PRODUCTS:
        name, unit, quota, typical = _QUOTA_PRODUCTS[division]
        output = round(f.intake / (typical * rng.uniform(0.75, 1.3)), -1)
        return {"product_1": {"name": name, "unit": unit, "output": output, "quota": quota}}
    name = _PRODUCT_NAMES.get(division, "主要产品")
    output = round(f.output * rng.uniform(0.3, 2.0), -1)
    return {"product_1": {"name": name, "unit": "t", "output": output, "quota": "none"}}


def _metering_rate(_f: Firm, _e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> float:
    return float(rng.choice((60, 75, 85, 90, 96, 100)))


def _metering_level(_f: Firm, _e: Enterprise, _rng: random.Random, a: Mapping[str, Any]) -> str:
    rate = a.get("W18", 0)  # the level agrees with the rate measured just before
    return "boundary" if rate < 60 else "level2_partial" if rate < 95 else "level2"


def _band_rate(item: str, bands: tuple[tuple[float, float], ...]) -> Callable[..., float]:
    def rate(_f: Firm, _e: Enterprise, rng: random.Random, a: Mapping[str, Any]) -> float:
        low, high = bands[int(a.get(item, "0"))]
        return float(rng.randint(int(low), int(high)))

    return rate


_CNC = ((0, 9), (10, 29), (30, 49), (50, 69), (70, 89), (90, 100))
_NET = ((0, 0), (1, 19), (20, 39), (40, 69), (71, 95), (96, 100))


def _hazards(_f: Firm, _e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> Any:
    # GB 18218-2018 threshold quantities of typical substances (natural gas 50 t, solvents as
    # flammable liquids 1 000 t...): a demo firm holds far less, as most do.
    return {
        "flammable_gas": {"quantity": round(rng.uniform(0.05, 2.0), 2), "threshold": 50.0},
        "flammable_liquid": {"quantity": round(rng.uniform(0.5, 30.0), 1), "threshold": 1000.0},
    }


def _own_rng(f: Firm, e: Enterprise, what: str) -> random.Random:
    """A draw of its own for the cleaner-production 2026.2 questions, so that adding them left
    every later answer of the demo (safety) as it was."""
    return random.Random(f"{e.credit_code}/{f.year}/{what}")


def _permit_class(f: Firm, e: Enterprise, _rng: random.Random, _a: Mapping[str, Any]) -> str:
    rng = _own_rng(f, e, "permit")
    if f.heavy:
        return rng.choices(("key", "simplified"), (3, 2))[0]
    return rng.choices(("key", "simplified", "registration"), (1, 4, 3))[0]


def _pollutants(f: Firm, e: Enterprise, _rng: random.Random, a: Mapping[str, Any]) -> Any:
    """What the permit's execution report shows: wastewater at typical concentrations (COD
    ~80 mg/L, NH3-N ~8 mg/L after treatment), NOx from the gas burnt, some VOCs; permitted
    quantities with headroom, now and then one exceeded (demo assumption)."""
    if a.get("CP18") not in ("key", "simplified"):
        return None
    rng = _own_rng(f, e, "pollutants")
    wastewater = round(f.intake * rng.uniform(0.5, 0.75), -1)
    annual = {
        "wastewater": wastewater,
        "cod": round(wastewater * rng.uniform(50, 110) / 1e6, 3),
        "nh3n": round(wastewater * rng.uniform(4, 12) / 1e6, 3),
        "nox": round(f.gas_m3 * rng.uniform(1.2, 2.0) / 1e6, 3) if f.gas_m3 else None,
        "particulates": round(rng.uniform(0.05, 1.5), 3),
        "vocs": round(rng.uniform(0.1, 4.0), 3) if rng.random() < 0.6 else None,
    }
    rows: dict[str, dict[str, Any]] = {}
    for key, value in annual.items():
        if not value:
            continue
        headroom = rng.uniform(0.85, 1.0) if rng.random() < 0.08 else rng.uniform(1.3, 2.5)
        # A simplified permit often sets no quantity for air pollutants.
        unset = a.get("CP18") == "simplified" and key in ("particulates", "vocs")
        rows[key] = {"annual": value, "permitted": None if unset else round(value * headroom, 3)}
    return rows


_WASTES = (
    ("HW08", "废矿物油（废液压油、废切削油）", 0.5, 6.0),
    ("HW49", "废包装桶、含油抹布手套", 0.2, 3.0),
    ("HW12", "漆渣、废油漆", 0.3, 8.0),
    ("HW17", "表面处理废液、污泥", 1.0, 20.0),
    ("HW09", "废乳化液", 0.5, 10.0),
)


def _hazardous_waste(f: Firm, e: Enterprise, _rng: random.Random, _a: Mapping[str, Any]) -> Any:
    rng = _own_rng(f, e, "waste")
    rows = {}
    for n, (code, name, low, high) in enumerate(_WASTES[: rng.randint(2, 4)], start=1):
        disposal = "stored" if rng.random() < 0.1 else "licensed"
        quantity = round(rng.uniform(low, high), 2)
        rows[f"hw{n}"] = {"code": code, "name": name, "quantity": quantity, "disposal": disposal}
    return rows


def _audit_year(f: Firm, _e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> float:
    return float(f.year - rng.randint(0, 6))


def _years_since(f: Firm, _e: Enterprise, _rng: random.Random, a: Mapping[str, Any]) -> float:
    return float(max(0, f.year - int(a.get("CP05", f.year))))


def _count(low: int, high: int) -> Callable[..., float]:
    return lambda _f, _e, rng, _a: float(rng.randint(low, high))


def _screen(odds: Mapping[str, float], default: float) -> Callable[..., str]:
    """A yes/no screening question whose answer depends on the industry."""

    def ask(_f: Firm, e: Enterprise, rng: random.Random, _a: Mapping[str, Any]) -> str:
        return "yes" if rng.random() < odds.get(e.industry or "", default) else "no"

    return ask


_SPECIAL: dict[str, dict[str, Callable[..., Any]]] = {
    "energy": {
        "E01": lambda f, *_: f.year,
        "E02": _carriers,
        "E03": lambda f, *_: f.output,
        "E04": _energy_cost,
        "E05": lambda *_: None,
        "E06": _products,
        "E07": _motors,
        "E08": _compressors,
        "E09": _transformers,
        "E10": _boilers,
        "E11": _lighting,
        "E33": lambda f, *_: float(f.hours),
        "E34": lambda f, *_: f.price_kwh,
        "E35": lambda f, *_: f.price_gas,
        "E36": _fans_without_vfd,
        "E37": lambda _f, _e, rng, _a: float(rng.randint(15, 35)),
        "E38": _suitable_roof,
    },
    "water": {
        "W01": _intake,
        "W03": _reused,
        "W05": _circulating,
        "W06": _make_up,
        "W09": _steam_used,
        "W10": _condensate,
        "W12": _discharge,
        "W13": _wastewater_reused,
        "W16": lambda f, _e, rng, _a: float(round(f.intake * rng.uniform(0.01, 0.05), -1)),
        "W18": _metering_rate,
        "W19": _metering_level,
        "W22": lambda f, *_: f.price_water,
        "W23": _water_products,
    },
    "intelligent_manufacturing": {
        "IM_CNC_RATE": _band_rate("IM06", _CNC),
        "IM_NET_RATE": _band_rate("IM07", _NET),
    },
    "cleaner_production": {
        "CP05": _audit_year,
        "CP06": _years_since,
        "CP07": _count(2, 15),
        "CP08": _count(0, 4),
        "CP18": _permit_class,
        "CP19": _pollutants,
        "CP20": _hazardous_waste,
    },
    "safety": {
        "SC01": _screen({"20": 0.8, "21": 0.8, "17": 0.4, "33": 0.5, "13": 0.5, "14": 0.3}, 0.1),
        "SC02": _screen({"13": 0.4, "14": 0.5, "15": 0.3}, 0.02),
        "SC03": _screen({}, 0.6),
        "SC04": _screen({}, 0.85),
        "SC05": _screen({}, 0.95),
        "SC06": _screen({"31": 1.0, "32": 0.8}, 0.0),
        "MH01": _hazards,
        "MH02": lambda *_: "no",
    },
}
# How often a firm that asks for a diagnosis fails an item of each severity (demo assumption).
_FAILS = {"major": 0.04, "serious": 0.2, "general": 0.3}


def _generic(item: Item, rng: random.Random, e: Enterprise) -> Any:
    if item.type == "single":
        scored = [o for o in item.options if o.score is not None]
        choices = scored or list(item.options)
        # Firms that ask for a diagnosis are mostly middling: favour the middle options.
        weights = [1 + min(i, len(choices) - 1 - i) * 2 for i in range(len(choices))]
        return rng.choices(choices, weights)[0].value
    if item.type == "yes_no":
        if item.flag:  # the mandatory-audit triggers: rarely true
            return "yes" if rng.random() < 0.1 else "no"
        good = (
            next((o.value for o in item.options if o.score == 1), "yes") if item.options else "yes"
        )
        bad = "no" if good == "yes" else "yes"
        fails = _FAILS.get(item.severity or "", 0.25)
        return bad if rng.random() < fails else good
    if item.type == "multiple":
        k = rng.randint(1, max(1, len(item.options) // 2))
        return sorted({o.value for o in rng.sample(list(item.options), k)})
    if item.type == "number":
        low = item.minimum if item.minimum is not None else 0.0
        high = item.maximum if item.maximum is not None else low + 100.0
        return float(round(rng.uniform(low, min(high, low + 100.0))))
    if item.type == "text":
        return None  # a team writes notes where there is something to say
    return None  # photos are taken by the team; dates and tables are asked for by name
