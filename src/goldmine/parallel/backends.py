"""Backends for :mod:`goldmine.parallel` (see the package docstring)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

import numpy as np

from goldmine.errors import AnalysisError, EnvironmentFailure

DEFAULT_CHUNK = 100
#: Seconds a Dask client waits for its scheduler before the run fails (exit code 3), instead of
#: distributed's default of 30 s per attempt.
CONNECT_TIMEOUT_S = 5


class BackendError(AnalysisError, ValueError):
    """A bad backend or replication count: an ``AnalysisError`` (the CLI exits 2), also a ``ValueError``."""


def _error(key: str, **params: Any) -> BackendError:
    return BackendError(key, **params)


@runtime_checkable
class Backend(Protocol):
    """Runs ``fn(*task)`` for every task; returns the results in task order.

    ``on_done(i)`` is called with the index of each task as it finishes (any order).
    """

    name: str

    def map(self, fn: Callable[..., Any], tasks: Sequence[tuple[Any, ...]],
            on_done: Callable[[int], None] | None = None) -> list[Any]:
        ...


class SerialBackend:
    """Runs every task in this process."""

    name = "serial"

    def map(self, fn: Callable[..., Any], tasks: Sequence[tuple[Any, ...]],
            on_done: Callable[[int], None] | None = None) -> list[Any]:
        out = []
        for i, task in enumerate(tasks):
            out.append(fn(*task))
            if on_done is not None:
                on_done(i)
        return out


class ProcessBackend:
    """Local processes through :class:`concurrent.futures.ProcessPoolExecutor`.

    ``workers`` defaults to the number of usable cores.  The pool lives for one ``map`` call.
    """

    name = "processes"

    def __init__(self, workers: int | None = None):
        self.workers = workers or _cores()

    def map(self, fn: Callable[..., Any], tasks: Sequence[tuple[Any, ...]],
            on_done: Callable[[int], None] | None = None) -> list[Any]:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        tasks = list(tasks)
        if self.workers <= 1 or len(tasks) <= 1:
            return SerialBackend().map(fn, tasks, on_done)
        results: list[Any] = [None] * len(tasks)
        pool = ProcessPoolExecutor(max_workers=min(self.workers, len(tasks)))
        try:
            futures = {pool.submit(fn, *task): i for i, task in enumerate(tasks)}
            for fut in as_completed(futures):
                i = futures[fut]
                results[i] = fut.result()
                if on_done is not None:
                    on_done(i)
        except BaseException:
            # Ctrl-C or a failed task: drop the queued tasks instead of waiting for all of them
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        return results


class DaskBackend:
    """A ``dask.distributed`` cluster: ``DaskBackend("tcp://scheduler:8786")`` or a ``Client``.

    Without an address a local cluster is started.  Needs the ``distributed`` extra.
    """

    name = "dask"

    def __init__(self, address: Any = None):
        try:
            from dask.distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the extra
            raise AnalysisError("parallel.error.no_dask") from exc
        self.owned = not isinstance(address, Client)   # a client we made is ours to close
        if isinstance(address, Client):
            self.client: Any = address
        elif address:
            try:
                self.client = Client(address, timeout=CONNECT_TIMEOUT_S)  # type: ignore[no-untyped-call]
            except (OSError, TimeoutError) as exc:  # no scheduler there, or one that does not answer
                raise EnvironmentFailure("parallel.error.unreachable", address=str(address), seconds=CONNECT_TIMEOUT_S,
                                         cause=str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__) from exc
        else:
            self.client = Client(processes=True)  # type: ignore[no-untyped-call]

    def map(self, fn: Callable[..., Any], tasks: Sequence[tuple[Any, ...]],
            on_done: Callable[[int], None] | None = None) -> list[Any]:
        from dask.distributed import as_completed

        tasks = list(tasks)
        futures = [self.client.submit(fn, *task, pure=False) for task in tasks]
        index = {f.key: i for i, f in enumerate(futures)}
        results: list[Any] = [None] * len(tasks)
        for fut in as_completed(futures):  # type: ignore[no-untyped-call]
            i = index[fut.key]
            results[i] = fut.result()
            if on_done is not None:
                on_done(i)
        return results

    def close(self) -> None:
        """Close the client (and the local cluster it started) when this backend made it."""
        if self.owned:
            self.client.close()


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check_spec(spec: str) -> str:
    """``spec`` if it names a backend (:func:`get_backend`'s grammar), else a :class:`BackendError`; nothing
    is started or contacted, so options are refused before any work."""
    if spec in ("auto", "serial", "processes", "dask"):
        return spec
    if spec.startswith("processes"):
        _, sep, n = spec.partition(":")
        if not (sep and n.isdigit() and int(n) >= 1):
            raise _error("parallel.error.processes", spec=spec)
        return spec
    if spec.startswith(("dask://", "tcp://")) and _host_port(spec.split("://", 1)[1]):
        return spec
    raise _error("parallel.error.backend", spec=spec)


def _host_port(text: str) -> bool:
    host, sep, port = text.rpartition(":")
    return bool(sep and host and "/" not in host and port.isdigit() and 0 < int(port) < 65536)


def get_backend(spec: str | Backend | None = None, work: float | None = None) -> Backend:
    """Pick a backend.

    ``None``/"auto": serial when ``work`` (a rough count of elementary operations) is below 2e8 or
    only one core is usable, else local processes.  "serial", "processes", "processes:N", "dask"
    (local cluster) or "dask://host:port" / "tcp://host:port" name one.  A :class:`Backend` passes
    through.
    """
    if spec is not None and not isinstance(spec, str):
        return spec
    if spec in (None, "auto"):
        if _cores() <= 1 or (work is not None and work < 2e8):
            return SerialBackend()
        return ProcessBackend()
    check_spec(spec)
    if spec == "serial":
        return SerialBackend()
    if spec.startswith("processes"):
        _, _, n = spec.partition(":")
        return ProcessBackend(int(n) if n else None)
    if spec == "dask":
        return DaskBackend()
    if spec.startswith(("dask://", "tcp://")):
        return DaskBackend(spec.replace("dask://", "tcp://", 1))
    raise _error("parallel.error.backend", spec=spec)


def replicate(fn: Callable[..., Any], reps: int, seed: int | None, args: tuple[Any, ...] = (), *,
              chunk: int = DEFAULT_CHUNK, backend: str | Backend | None = None, work: float | None = None,
              on_done: Callable[[int], None] | None = None) -> list[Any]:
    """Run ``fn(*args, n, seed_seq)`` over chunks of at most ``chunk`` replications.

    Chunk ``i`` gets ``SeedSequence(seed).spawn(n_chunks)[i]``; the chunking depends only on
    ``reps`` and ``chunk``, so the draws are the same on every backend.  ``on_done`` receives the
    number of replications each finished chunk held.  Returns the chunk results in order.
    """
    if reps < 1:
        raise _error("parallel.error.reps", reps=reps)
    sizes = [min(chunk, reps - i) for i in range(0, reps, chunk)]
    children = np.random.SeedSequence(seed).spawn(len(sizes))
    tasks = [(*args, n, child) for n, child in zip(sizes, children, strict=True)]
    be = get_backend(backend, work)
    done = None if on_done is None else (lambda i: on_done(sizes[i]))
    try:
        return be.map(fn, tasks, done)
    finally:
        # a client made here from a spec is closed before its cluster goes; a caller's backend is the caller's
        if isinstance(be, DaskBackend) and (backend is None or isinstance(backend, str)):
            be.close()
