"""Model files of trained sentiment classifiers: save and load (issue #8).

A model is written as two files: ``NAME.joblib`` (the fitted scikit-learn pipeline, labels and
config, pickled with joblib) and ``NAME.json`` beside it (metadata people and tools can read
without unpickling: format version, goldmine and scikit-learn versions, labels, training size,
class counts, config, the cross-validated evaluation, creation time, and the SHA-256 of the
``.joblib`` file). :func:`load_model` checks the hash before unpickling and refuses a file whose
hash does not match its metadata; as with any pickle, load only model files you trust.

This is the one module of :mod:`goldmine.sentiment` that touches files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from goldmine.errors import FileFormatError, InputError, Problem

FORMAT = "goldmine-sentiment-model/1"


def metadata_path(path: str | Path) -> Path:
    return Path(path).with_suffix(".json")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def save_model(model, path: str | Path, evaluation=None) -> tuple[Path, Path]:
    """Write ``path`` (.joblib) and its ``.json`` metadata atomically; returns both paths."""
    import joblib
    import sklearn

    from goldmine import __version__

    path = Path(path)
    if path.suffix != ".joblib":
        path = path.with_suffix(".joblib")
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"format": FORMAT, "pipeline": model.pipeline, "labels": list(model.labels),
               "config": model.config, "metadata": model.metadata}
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".joblib.tmp")
    os.close(fd)
    try:
        joblib.dump(payload, tmp, compress=3)
        digest = _sha256(Path(tmp))
        meta = {"format": FORMAT, "goldmine_version": __version__, "sklearn_version": sklearn.__version__,
                "created": datetime.now(UTC).isoformat(timespec="seconds"), "labels": list(model.labels),
                "config": model.config.to_dict(), "sha256": digest,
                **{k: v for k, v in model.metadata.items() if k not in ("config",)}}
        if evaluation is not None:
            meta["evaluation"] = evaluation.to_dict()
        meta_tmp = Path(tmp).with_suffix(".json.tmp")
        meta_tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
        os.replace(tmp, path)
        os.replace(meta_tmp, metadata_path(path))
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path, metadata_path(path)


def read_metadata(path: str | Path) -> dict:
    mpath = metadata_path(path)
    if not mpath.is_file():
        raise FileFormatError(str(path), [Problem("", f"a metadata file {mpath.name} beside the model", None)])
    try:
        return json.loads(mpath.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FileFormatError(str(mpath), [Problem("", "expected.json", str(exc), raw_found=True)]) from exc


def load_model(path: str | Path):
    """Load a model written by :func:`save_model` (hash checked first); returns a TrainedModel."""
    import joblib

    from goldmine.sentiment.train import TrainedModel

    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), [Problem("", "expected.file_exists", None, has_found=False)])
    meta = read_metadata(path)
    if meta.get("format") != FORMAT:
        raise FileFormatError(str(path), [Problem("format", FORMAT, meta.get("format"))])
    if meta.get("sha256") != _sha256(path):
        raise FileFormatError(str(path), [Problem("sha256", "the hash recorded in the .json metadata",
                                                  "a different file", raw_found=True)])
    payload = joblib.load(path)
    return TrainedModel(payload["pipeline"], payload["labels"], payload["config"], payload["metadata"])
