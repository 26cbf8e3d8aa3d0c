"""Run independent replications over machines: local processes by default, Dask later.

goldmine convention: parallel is an adapter; the analytics stay pure.

The analytics never start processes themselves: they describe their work as a list of picklable
tasks (a module-level function and its arguments) and hand it to a :class:`Backend`.

* :class:`Backend` — the interface: ``map(fn, tasks, on_done=None) -> list`` (results in task
  order); a Dask backend implements the same method.
* :class:`SerialBackend` — in this process (small jobs, tests, debugging).
* :class:`ProcessBackend` — :class:`concurrent.futures.ProcessPoolExecutor` over local cores.
* :class:`DaskBackend` — a ``dask.distributed`` client (``pip install goldmine[distributed]``;
  imported only when used).
* :func:`get_backend` — ``None``/"auto", "serial", "processes", "dask" or "dask://host:port".
* :func:`replicate` — split ``reps`` replications into fixed chunks, each with its own
  :class:`numpy.random.SeedSequence` child, so results do not depend on the backend or the
  number of workers.
"""

from goldmine.parallel.backends import (
    Backend,
    DaskBackend,
    ProcessBackend,
    SerialBackend,
    get_backend,
    replicate,
)

__all__ = ["Backend", "SerialBackend", "ProcessBackend", "DaskBackend", "get_backend", "replicate"]
