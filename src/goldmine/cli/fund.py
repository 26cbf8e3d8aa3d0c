"""``goldmine fund``: simulate a venture fund (issue #19; docs/fund.md).

Builds :class:`~goldmine.pipeline.settings.FundSettings` from the options (amounts such as ``50M``,
shares such as ``20%``), loads the ``--pipeline`` profiles (:func:`goldmine.io.load_profile`), picks
the backend (:mod:`goldmine.parallel`), calls :func:`goldmine.pipeline.fund.run_fund` and prints the
terms, the returns, the J-curve and the sensitivity to the number of deals; ``--json`` prints
``FundReport.to_dict()`` (language-neutral).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from goldmine.cli.common import console, emit_json, escape, lang
from goldmine.errors import InputError, Problem
from goldmine.i18n import t

ORDER = 60
SUFFIX = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9}


def register(app: typer.Typer) -> None:
    app.command("fund", help=t("fund.cli.help"))(fund)


def parse_amount(text: str | None, option: str) -> float | None:
    if text is None:
        return None
    s = text.strip().lower().replace(",", "").lstrip("$")
    for suf in ("bn", "k", "m", "b"):
        if s.endswith(suf):
            return _number(s[: -len(suf)], option, text, "fund.expected.amount") * SUFFIX[suf]
    return _number(s, option, text, "fund.expected.amount")


def parse_share(text: str | None, option: str) -> float | None:
    if text is None:
        return None
    s = text.strip()
    if s.endswith("%"):
        return _number(s[:-1], option, text, "fund.expected.share") / 100.0
    return _number(s, option, text, "fund.expected.share")


def parse_mix(text: str | None) -> tuple[tuple[str, float], ...] | None:
    if text is None:
        return None
    out = []
    for item in (x.strip() for x in text.split(",") if x.strip()):
        stage, sep, share = item.partition("=")
        if not sep:
            raise InputError(None, [Problem("--stage-mix", "fund.expected.mix_item", text)])
        out.append((stage.strip(), parse_share(share, f"--stage-mix {stage.strip()}") or 0.0))
    if not out:
        raise InputError(None, [Problem("--stage-mix", "fund.expected.mix_item", text)])
    return tuple(out)


def _number(s: str, option: str, found: str, key: str) -> float:
    try:
        v = float(s)
    except ValueError:
        raise InputError(None, [Problem(option, key, found)]) from None
    if not math.isfinite(v):
        raise InputError(None, [Problem(option, key, found)])
    return v


def make_backend(backend: str | None, scheduler: str | None) -> Any:
    """``None`` (in this process) for serial, else a :mod:`goldmine.parallel` backend."""
    from goldmine.parallel import get_backend

    name = (backend or "serial").strip().lower()
    if name not in ("serial", "process", "processes", "dask"):
        raise InputError(None, [Problem("--backend", "fund.expected.backend", backend)])
    if name == "serial":
        return None
    if name == "dask":
        return get_backend(f"dask://{scheduler.split('://', 1)[-1]}" if scheduler else "dask")
    return get_backend("processes")


def fund(
    size: Annotated[str | None, typer.Option("--size", help=t("fund.opt.size"))] = None,
    fee: Annotated[str | None, typer.Option("--fee", help=t("fund.opt.fee"))] = None,
    carry: Annotated[str | None, typer.Option("--carry", help=t("fund.opt.carry"))] = None,
    hurdle: Annotated[str | None, typer.Option("--hurdle", help=t("fund.opt.hurdle"))] = None,
    deals: Annotated[int | None, typer.Option("--deals", help=t("fund.opt.deals"))] = None,
    stage_mix: Annotated[str | None, typer.Option("--stage-mix", help=t("fund.opt.stage_mix"))] = None,
    reserves: Annotated[str | None, typer.Option("--reserves", help=t("fund.opt.reserves"))] = None,
    recycling: Annotated[str | None, typer.Option("--recycling", help=t("fund.opt.recycling"))] = None,
    years: Annotated[int | None, typer.Option("--years", help=t("fund.opt.years"))] = None,
    investment_years: Annotated[int | None, typer.Option("--investment-years", help=t("fund.opt.investment_years"))] = None,
    cheque: Annotated[str | None, typer.Option("--cheque", help=t("fund.opt.cheque"))] = None,
    pipeline: Annotated[list[Path] | None, typer.Option("--pipeline", help=t("fund.opt.pipeline"))] = None,
    paths: Annotated[int | None, typer.Option("--paths", help=t("fund.opt.paths"))] = None,
    seed: Annotated[int | None, typer.Option("--seed", help=t("fund.opt.seed"))] = None,
    backend: Annotated[str | None, typer.Option("--backend", help=t("fund.opt.backend"))] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=t("fund.opt.scheduler"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("fund.opt.json"))] = False,
) -> None:
    """Simulate a venture fund (docs/fund.md)."""
    from goldmine.pipeline.fund import run_fund
    from goldmine.pipeline.settings import FundSettings

    settings = FundSettings.default().with_(
        size=parse_amount(size, "--size"), fee=parse_share(fee, "--fee"), carry=parse_share(carry, "--carry"),
        hurdle=parse_share(hurdle, "--hurdle"), deals=deals, stage_mix=parse_mix(stage_mix),
        reserves=parse_share(reserves, "--reserves"), recycling=parse_share(recycling, "--recycling"),
        life_years=years, investment_years=investment_years, cheque=parse_amount(cheque, "--cheque"),
        paths=paths, seed=seed)
    companies = None
    if pipeline is not None:
        from goldmine.io import load_profile

        profiles = [load_profile(p) for p in pipeline]
        companies = [(p.id or path.stem, p, p.proposal) for p, path in zip(profiles, pipeline, strict=True)]
    be = make_backend(backend, scheduler)
    try:
        report = run_fund(settings, pipeline=companies, backend=be)
    finally:
        if be is not None and hasattr(be, "close"):
            be.close()
    if as_json:
        emit_json(report.to_dict())
        return
    print_fund(report, lang())


def _pct(x: float) -> str:
    return "—" if not math.isfinite(x) else f"{x:.1%}"


def _x(x: float) -> str:
    return "—" if not math.isfinite(x) else f"{x:.2f}x"


def _money(x: float, L: str) -> str:
    if L == "zh":
        return f"{x / 1e4:,.0f} 万美元" if x < 1e8 else f"{x / 1e8:,.2f} 亿美元"
    return f"${x / 1e6:,.1f}M"


def print_fund(r: Any, L: str) -> None:
    c = console()
    s = r.settings
    terms = Table(title=t("fund.table.terms", L))
    terms.add_column(t("fund.col.item", L))
    terms.add_column(t("fund.col.value", L), justify="right")
    for key, val in (("size", _money(s.size, L)), ("fee", _pct(s.fee)), ("carry", _pct(s.carry)), ("hurdle", _pct(s.hurdle)),
                     ("deals", str(s.deals)), ("cheque", _money(r.initial_cheque, L)), ("investable", _money(r.investable, L)),
                     ("reserves", _pct(s.reserves)), ("recycling", _pct(s.recycling)),
                     ("years", t("fund.years_value", L, inv=s.investment_years, life=s.life_years)),
                     ("pools", ", ".join(p["name"] for p in r.pools))):
        terms.add_row(t(f"fund.term.{key}", L), escape(val))
    c.print(terms)
    ret = Table(title=t("fund.table.returns", L))
    ret.add_column(t("fund.col.measure", L))
    ret.add_column(t("fund.col.value", L))
    for key, d, f in (("gross_tvpi", r.gross_tvpi, _x), ("net_tvpi", r.net_tvpi, _x), ("net_irr", r.net_irr, _pct)):
        q = d.percentiles
        ret.add_row(t(f"fund.measure.{key}", L), t("fund.quantiles", L, p50=f(q["p50"]), p10=f(q["p10"]), p25=f(q["p25"]),
                                                    p75=f(q["p75"]), p90=f(q["p90"]), mean=f(d.mean), se=f(d.mean_se)))
    ret.add_row(t("fund.measure.p_net_1", L), f"{_pct(r.p_net_tvpi_at_least_1['value'])} ± {_pct(r.p_net_tvpi_at_least_1['se'])}")
    ret.add_row(t("fund.measure.p_return", L), f"{_pct(r.p_return_fund['value'])} ± {_pct(r.p_return_fund['se'])}")
    ret.add_row(t("fund.measure.top", L), _pct(r.top_deal_share_median))
    ret.add_row(t("fund.measure.tenx", L), f"{_pct(r.tenx_share_of_deals)} / {_pct(r.tenx_share_of_proceeds)}")
    ret.add_row(t("fund.measure.fees", L), f"{_money(r.fees_mean, L)} / {_money(r.carry_mean, L)}")
    c.print(ret)
    jc = Table(title=t("fund.table.jcurve", L))
    for col in ("year", "net_cash", "dpi", "tvpi"):
        jc.add_column(t(f"fund.col.{col}", L), justify="right")
    for i, y in enumerate(r.years):
        jc.add_row(str(y), f"{r.j_curve['p50'][i]:+.2f} ({r.j_curve['p10'][i]:+.2f} … {r.j_curve['p90'][i]:+.2f})",
                   _x(r.dpi_by_year["p50"][i]), _x(r.tvpi_by_year["p50"][i]))
    c.print(jc)
    sens = Table(title=t("fund.table.sensitivity", L))
    for col in ("deals", "sd", "iqr", "p_below"):
        sens.add_column(t(f"fund.col.{col}", L), justify="right")
    for row in r.sensitivity:
        sens.add_row(str(row["deals"]), f"{row['gross_tvpi_sd']:.2f}", f"{row['gross_tvpi_iqr']:.2f}", _pct(row["p_net_below_1"]))
    c.print(sens)
    c.print(escape(r.summary(L)))
