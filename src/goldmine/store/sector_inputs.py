"""The stored price series the AI market index is built from (``goldmine sector`` and the sector
runs of the HTTP API, issue #18).

:func:`stored_index_pieces` reads, from one workspace, the price series whose symbol is a member of
the index (``data/ai_index.yaml``): the latest version of each, or the versions a stored run used
(``pinned``), so that a sector run computed again from its parameters sees the same prices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from goldmine.store.db import Store


def stored_index_pieces(store: Store, workspace_id: int,
                        pinned: dict[str, int] | None = None) -> tuple[list[Any], dict[str, int]]:
    """The index members' stored prices as :class:`~goldmine.sector.index.Piece` objects (the adjusted
    close when a version has one, else the close), and the version of each series used, by name.

    Without ``pinned``: the latest version of every price series of a member.  With it: exactly those
    series and versions (a series of a run's parameters that is gone is a
    :class:`~goldmine.errors.NotFoundError`)."""
    from goldmine.sector.config import index_config
    from goldmine.sector.index import Piece

    members = {c.ticker for c in index_config().components}
    if pinned is None:
        chosen = {info.name: info.version for info in store.list_series(workspace_id, kind="prices")
                  if (info.symbol or "").upper() in members}
    else:
        chosen = dict(pinned)
    pieces, used = [], {}
    for name, version in sorted(chosen.items()):
        frame, stored = store.load_series(workspace_id, name, version)
        column = "adj_close" if "adj_close" in frame.columns else "close"
        symbol = (stored.symbol or "").upper()
        if column not in frame.columns or symbol not in members:
            continue
        pieces.append(Piece(symbol, frame[column].dropna(), f"store: {stored.name} v{stored.version} ({stored.source})",
                            adjusted=column == "adj_close"))
        used[name] = stored.version
    return pieces, used
