"""Jinja2 environments: templates looked up in the user's folder first, then
the bundled ``templates/`` (mkdocs ``theme.py``, nbconvert ``get_template_names``)."""
from __future__ import annotations

from pathlib import Path

import jinja2

from .errors import InputError
from .resources import asset_dir


def html_environment(template_dir: str | Path | None = None, lang: str = "vi") -> jinja2.Environment:
    search = []
    if template_dir is not None:
        p = Path(template_dir)
        if not p.is_dir():
            raise InputError("template folder not found", str(p))
        search.append(str(p))
    search.append(str(asset_dir("templates")))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=True,  # every piece of digest text is escaped unless it is Markup we built
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    install_translations(env, lang)
    return env


def install_translations(env: jinja2.Environment, lang: str) -> None:
    """gettext, pgettext and {% trans %} in templates, from the same catalogs as labels.py."""
    from .labels import translations

    env.install_gettext_translations(translations(lang), newstyle=True)
