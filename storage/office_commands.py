"""``python main.py stats``: the office figures on the command line, as text, JSON or Excel.

Opens the local store (or, with ``--store``, a central store's office mirror), brings the facts
up to date, prints; exit codes as DESIGN.md says (0 done, 2 unusable input: a store that cannot
be opened, an unknown district, an unwritable file).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from diagnosis.display import figure
from diagnosis.messages import Lang
from diagnosis.office.figures import OfficeFigures, OfficeFilter
from diagnosis.office.labels import both, dimension_header, key_label, word
from diagnosis.office.service import OfficeService
from diagnosis.register.reference_data import register_reference

from storage.database import Store, StoreError
from storage.office import SqliteOfficeRepository

EXIT_OK, EXIT_USAGE = 0, 2
_SHOWN = 20  # skipped records named in the text; ``--json`` names every one


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _share(x: float | None) -> str:
    return "—" if x is None else f"{x:.1%}"


def summary_lines(fig: OfficeFigures, lang: Lang) -> list[str]:
    """The figures as a short bilingual text; names of districts and kinds in ``lang``."""
    t, a, r = fig.total, fig.accepted, fig.realised
    f = fig.filter
    chosen = [
        f"{dimension_header(k)}: {key_label(k, str(v), lang)}"
        for k, v in (
            ("year", f.year),
            ("district", f.district),
            ("industry", f.industry),
            ("cluster", f.cluster),
        )
        if v is not None
    ]
    lines = [
        f"{both('title.report')}  [{both('filter')}: {'; '.join(chosen) or both('all')}]",
        f"{both('enterprises')}: {t.enterprises:,}  {both('above_scale')}: {t.above_scale:,}  "
        f"{both('target')}: {t.target:,}",
        f"{both('diagnosed')}: {t.diagnosed:,}  {both('diagnosed_target')}: "
        f"{t.diagnosed_target:,}  {both('share')}: {_share(t.share)}",
        f"{both('never_visited')}: {fig.never_visited:,}  ({both('target')}: "
        f"{fig.never_visited_target:,})",
        f"{both('visits')}: {fig.visits:,}  {both('diagnoses')}: {fig.diagnoses:,}  "
        f"{both('follow_ups')}: {fig.follow_ups:,}",
        f"{both('accepted_measures')}: {a.count:,}  "
        f"{both('investment_10k_yuan')}: {figure(a.investment_10k_yuan, 'investment_10k_yuan')}",
        f"  {both('money_saved_yuan')}: {figure(a.money_saved_yuan, 'money_saved_yuan')}  "
        f"{both('tce')}: {figure(a.tce, 'tce')}",
        f"  {both('co2_t')}: {figure(a.co2_t, 'co2_t')}  "
        f"{both('water_m3')}: {figure(a.water_m3, 'water_m3')}",
        f"{both('title.realised')}: {r.measures:,}  {both('projected_money_yuan')}: "
        f"{figure(r.projected_money_yuan, 'money_saved_yuan')}  {both('realised_money_yuan')}: "
        f"{figure(r.realised_money_yuan, 'money_saved_yuan')}",
        f"{both('title.targets')}:",
    ]
    for row in fig.targets:
        target = "—" if row.target is None else f"{row.target:,}"
        lines.append(
            f"  {row.year} {key_label('kind', row.kind, lang)}: {row.count:,} / {target} "
            f"({_share(row.share)})"
        )
    for dim in ("project", "start_year"):  # the project list (diagnosis.measures.projects)
        rows = fig.pipeline.get(dim, ())
        if rows:
            lines.append(f"{both('title.projects')} ({both(dim)}):")
        for p in rows:
            lines.append(
                f"  {key_label(dim, p.key, lang)}: {p.sums.count:,} {word('unit.projects', lang)}"
                f"  {figure(p.sums.investment_10k_yuan, 'investment_10k_yuan')} "
                f"{word('investment_10k_yuan', lang)}"
            )
    lines.append(f"{both('title.coverage')} ({dimension_header('district')}):")
    for c in fig.coverage["district"]:
        lines.append(
            f"  {key_label('district', c.key, lang)}: {c.diagnosed_target:,} / {c.target:,} "
            f"({_share(c.share)})"
        )
    return lines + skipped_lines(fig)


def skipped_lines(fig: OfficeFigures) -> list[str]:
    """The stored records left out of every figure because the app cannot read them."""
    if not fig.skipped:
        return []
    lines = [f"跳过无法读取的记录 Unreadable records skipped: {len(fig.skipped):,}"]
    lines += [f"  {s.table}/{s.id}: {s.reason}" for s in fig.skipped[:_SHOWN]]
    if len(fig.skipped) > _SHOWN:
        lines.append(f"  … (+{len(fig.skipped) - _SHOWN:,}; stats --json)")
    return lines


def _district(text: str | None, lang: Lang) -> tuple[str | None, bool]:
    if text is None:
        return None, True
    item = register_reference().districts.lookup(text)
    if item is None:
        _err(f"未知的区县：{text}" if lang == "zh" else f"unknown district: {text}")
        return None, False
    return item.code, True


def stats(
    db_path: Path | None,
    as_json: bool,
    lang: Lang,
    out_xlsx: Path | None = None,
    *,
    year: int | None = None,
    district: str | None = None,
    server_store: Path | None = None,
) -> int:
    """The figures of the local store at ``db_path``, or with ``server_store`` of a central
    store's records (through its office mirror, as ``GET /api/v1/stats`` computes them)."""
    code, ok = _district(district, lang)
    if not ok:
        return EXIT_USAGE
    f = OfficeFilter(year=year, district=code)
    try:
        with _office(db_path, server_store) as office:
            if out_xlsx is None:
                fig = office.figures(f)
            else:
                try:
                    fig = office.export_workbook(out_xlsx, f)
                except OSError as exc:
                    _err(
                        f"无法写入 {out_xlsx}：{exc}"
                        if lang == "zh"
                        else f"cannot write {out_xlsx}: {exc}"
                    )
                    return EXIT_USAGE
            data = office.to_dict(fig) if as_json else None
    except StoreError as exc:
        _err(exc.message.text(lang))
        return EXIT_USAGE
    if data is not None:
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print("\n".join(summary_lines(fig, lang)))
        if out_xlsx is not None:
            print(f"{out_xlsx}")
    return EXIT_OK


@contextmanager
def _office(db_path: Path | None, server_store: Path | None) -> Iterator[OfficeService]:
    if server_store is not None:
        from storage.sync.server_office import server_office

        with server_office(server_store) as office:
            yield office
        return
    assert db_path is not None
    store = Store(db_path)
    try:
        yield OfficeService(SqliteOfficeRepository(store))
    finally:
        store.close()
