"""Every user-facing string exists in zh and en (the project's bilingual rule)."""

from __future__ import annotations

import re
from importlib import resources

import pytest
import yaml

from goldmine.i18n import LANGS, catalogue, format_money, t


def test_every_key_has_both_languages_and_same_placeholders():
    for key, texts in catalogue().items():
        assert set(texts) >= set(LANGS), f"{key} lacks {set(LANGS) - set(texts)}"
        for lang in LANGS:
            assert isinstance(texts[lang], str) and texts[lang].strip(), f"{key}.{lang} is empty"
        placeholders = {lang: set(re.findall(r"{(\w+)}", texts[lang])) for lang in LANGS}
        assert placeholders["en"] == placeholders["zh"], f"{key}: placeholders differ {placeholders}"


def test_no_key_is_defined_twice():
    seen: dict[str, str] = {}
    for entry in resources.files("goldmine.i18n").iterdir():
        if entry.name.endswith(".yaml"):
            for key in yaml.safe_load(entry.read_text(encoding="utf-8")) or {}:
                assert key not in seen, f"{key} in {entry.name} and {seen[key]}"
                seen[key] = entry.name


def test_unknown_key_is_an_error():
    with pytest.raises(KeyError):
        t("no.such.key", "en")


@pytest.mark.parametrize(("amount", "currency", "lang", "text"), [
    (1_000_000, "CNY", "zh", "100 万元"),  # the currency word after the number, as Chinese memos write it
    (120_000_000, "CNY", "zh", "1.2 亿元"),
    (5_000, "CNY", "zh", "5,000 元"),
    (1_250_000, "USD", "en", "$1.25M"),
    (3_200_000_000, "USD", "en", "$3.2B"),
    (-58_000, "USD", "en", "-$58k"),
    (1_000_000, "USD", "en", "$1M"),
    (None, "USD", "en", "—"),
])
def test_format_money(amount, currency, lang, text):
    assert format_money(amount, currency, lang) == text


def test_language_from_locale(monkeypatch):
    from goldmine.i18n import default_lang

    for var in ("GOLDMINE_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert default_lang() == "zh"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert default_lang() == "en"
