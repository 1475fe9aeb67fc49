"""Every fixed string goes through the gettext catalogs, and both catalogs are complete."""
from __future__ import annotations

import io

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from reportgen.labels import DOMAIN, LOCALE_DIR, MESSAGES, Labels, translations
from reportgen.templating import html_environment


def catalog(lang):
    with open(LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as f:
        return read_po(f, locale=lang)


def template():
    with open(LOCALE_DIR / f"{DOMAIN}.pot", "rb") as f:
        return read_po(f)


def test_the_template_lists_exactly_the_code_s_messages():
    """reportgen.pot is up to date with labels.py (pybabel extract -k P_:1c,2 …)."""
    pot = {(m.context, m.id) for m in template() if m.id}
    assert pot == {(k, v) for k, v in MESSAGES.items()}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_string_is_untranslated_or_fuzzy(lang):
    cat = catalog(lang)
    have = {(m.context, m.id): m for m in cat if m.id}
    missing = [k for k, v in MESSAGES.items() if (k, v) not in have or not have[(k, v)].string]
    assert not missing, f"untranslated in {lang}: {missing}"
    assert not [m.id for m in cat if m.id and m.fuzzy], "fuzzy translations"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_compiled_catalogs_are_up_to_date(lang):
    """The shipped .mo says what the .po says (pybabel compile was run)."""
    buf = io.BytesIO()
    write_mo(buf, catalog(lang))
    shipped = (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").read_bytes()
    assert buf.getvalue() == shipped
    t = translations(lang)
    for m in catalog(lang):
        if m.id:
            assert t.pgettext(m.context, m.id) == m.string


def test_labels_differ_by_language_and_templates_have_gettext():
    vi, en = Labels("vi"), Labels("en")
    assert vi["toc"] == "Mục lục" and en["toc"] == "Contents"
    assert vi.section("gaps") != en.section("gaps")
    env = html_environment(None, "vi")
    assert env.from_string('{{ pgettext("toc", "Contents") }}').render() == "Mục lục"
    assert html_environment(None, "en").from_string('{{ pgettext("toc", "Contents") }}').render() == "Contents"
