"""Model files of trained sentiment classifiers: save and load (issue #8; moved from
``goldmine.sentiment.modelfile`` by issue #12, analytics do no file I/O).

A model is written as two files: ``NAME.joblib`` (the fitted scikit-learn pipeline, labels and
config, pickled with joblib) and ``NAME.json`` beside it (metadata people and tools can read
without unpickling: format version, goldmine and scikit-learn versions, labels, training size,
class counts, config, the cross-validated evaluation, creation time, and the SHA-256 of the
``.joblib`` file).

* :func:`save_model` — write both files atomically (temporary files, then renamed);
* :func:`read_metadata` — the ``.json`` beside a model file;
* :func:`load_model` — check the hash before unpickling and refuse a file whose hash does not match
  its metadata; as with any pickle, load only model files you trust.

Every problem is a :class:`~goldmine.errors.InputError` / :class:`~goldmine.errors.FileFormatError`
naming the file, with a message key of ``i18n/sentiment.yaml``.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from goldmine.errors import FileFormatError, InputError, Problem
from goldmine.io.files import write_all
from goldmine.sentiment.train import Evaluation, TrainedModel

FORMAT = "goldmine-sentiment-model/1"


def metadata_path(path: str | Path) -> Path:
    return Path(path).with_suffix(".json")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def save_model(model: TrainedModel, path: str | Path, evaluation: Evaluation | None = None) -> tuple[Path, Path]:
    """Write ``path`` (.joblib) and its ``.json`` metadata atomically; returns both paths."""
    import joblib
    import sklearn

    from goldmine import __version__

    path = Path(path)
    if path.suffix != ".joblib":
        path = path.with_suffix(".joblib")
    payload = {"format": FORMAT, "pipeline": model.pipeline, "labels": list(model.labels),
               "config": model.config, "metadata": model.metadata}
    buf = io.BytesIO()
    joblib.dump(payload, buf, compress=3)
    data = buf.getvalue()
    meta = {"format": FORMAT, "goldmine_version": __version__, "sklearn_version": sklearn.__version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"), "labels": list(model.labels),
            "config": model.config.to_dict(), "sha256": hashlib.sha256(data).hexdigest(),
            **{k: v for k, v in model.metadata.items() if k not in ("config",)}}
    if evaluation is not None:
        meta["evaluation"] = evaluation.to_dict()
    # both files or neither, with the umask's permissions (goldmine.io.files)
    write_all([(path, data), (metadata_path(path), json.dumps(meta, ensure_ascii=False, indent=2, default=str) + "\n")])
    return path, metadata_path(path)


def read_metadata(path: str | Path) -> dict[str, Any]:
    """The ``.json`` metadata beside the model file ``path``."""
    mpath = metadata_path(path)
    if not mpath.is_file():
        raise FileFormatError(str(path), [Problem("", "sentiment.expected.model_metadata", None,
                                                  params={"name": mpath.name}, has_found=False)])
    try:
        data = json.loads(mpath.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FileFormatError(str(mpath), [Problem("", "expected.json", str(exc), raw_found=True)]) from exc
    if not isinstance(data, dict):
        raise FileFormatError(str(mpath), [Problem("", "sentiment.expected.model_metadata_object", type(data).__name__, raw_found=True)])
    return data


def load_model(path: str | Path) -> TrainedModel:
    """Load a model written by :func:`save_model` (hash checked first)."""
    import joblib

    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), [Problem("", "expected.file_exists", None, has_found=False)])
    meta = read_metadata(path)
    if meta.get("format") != FORMAT:
        raise FileFormatError(str(path), [Problem("format", "sentiment.expected.model_format", meta.get("format"),
                                                  params={"format": FORMAT})])
    if meta.get("sha256") != _sha256(path):
        raise FileFormatError(str(path), [Problem("sha256", "sentiment.expected.model_hash", None, has_found=False)])
    payload = joblib.load(path)
    return TrainedModel(payload["pipeline"], payload["labels"], payload["config"], payload["metadata"])
