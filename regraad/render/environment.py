"""The sandboxed Jinja environment pages are rendered in.

Templates are looked up in the data root's own ``templates/`` first, then in the
shipped ones, so a data repository overrides any template (or ``style.css``) by name.
Both environments are Jinja's ``SandboxedEnvironment`` with strict undefined: a template
reads the page context and calls the filters and functions below, never Python
internals. HTML templates autoescape every value; in Markdown templates every value is
escaped as Markdown text (GFM), so data never becomes markup or raw HTML in either
(``|safe`` marks what a template trusts). ``sandbox.Sandbox`` also bounds the work a page
does (time, output, the values it makes, recursion), which Jinja's sandbox leaves free to
exhaust the machine; going over a limit is refused naming the template. Control and
bidirectional formatting characters from the data are shown as escapes (``\x1b``), never
written raw, in every value and in the whole page. What a template renders has national
identity numbers masked, and e-mail addresses and phone numbers too unless the page may
publish them (``include_contact``), whatever the template printed.

gettext is installed with the render language (``--lang``, bokmål by default),
independent of the language of the CLI's own messages. Dates and numbers are formatted
here for both languages, without babel.

What templates get besides the page context:

- ``_``, ``gettext``, ``ngettext``: the render language's catalogue; placeholders are
  ``{name}`` filled with ``.format()``, as in the Python code;
- filters ``date`` ("1. mars 2026" / "1 March 2026"), ``number`` ("3 000", "0,75"),
  ``months`` ("24 måneder"), ``trust`` (id -> name), ``trust_short`` (id -> short name),
  ``label(kind)`` (a code such as a council role -> its words; see ``LABELS``),
  ``url`` (the value if it is an http, https or mailto link, else ``None``);
- ``href(path)``: the relative URL of another page of this run (site-relative path,
  no extension), or ``None`` when that page is not rendered;
- in HTML only, charts as inline SVG: ``timeline_chart``, ``heatmap_chart``,
  ``utilisation_chart`` (see ``regraad.render.svg``).
"""

from __future__ import annotations

import gettext as _gettext
import io
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..errors import InternalError, RefusedError
from ..i18n import DOMAIN, LOCALE_DIR, N_, NUMBER_MARKS, _, format_date, format_number
from ..output.markdown import md as md_escape
from ..output.safe import escaped, xml_text
from ..privacy import contact
from ..privacy.personnummer import redact
from ..resources import templates_dir
from . import svg
from .bounds import (
    MAX_PAGE_CHARS,
    MAX_SECONDS,
    MAX_TEMPLATE_CHARS,
    MAX_VALUE,
    LimitExceeded,
    check_chart,
)
from .sandbox import Sandbox

#: Words for the codes the data uses, translated where shown (``|label(kind)``).
LABELS: dict[str, dict[str, str]] = {
    "role": {
        "leader": N_("leader"),
        "deputy": N_("deputy leader"),
        "member": N_("member"),
        "union-rep": N_("union representative"),
        "lis-rep": N_("LIS representative"),
        "observer": N_("observer"),
    },
    "coverage": {
        "full": N_("reached at home"),
        "partial": N_("partly at home"),
        "none": N_("not at home"),
    },
    "mode": {
        "performed": N_("performed"),
        "assisted": N_("assisted"),
        "assisted-or-performed": N_("assisted or performed"),
        "seen": N_("seen"),
    },
    "proposal": {
        "local-la": N_("local learning activity"),
        "national-la": N_("national learning activity"),
        "learning-goal": N_("learning goal"),
    },
    "trust": {
        "hf": N_("health trust (HF)"),
        "private-nonprofit": N_("private non-profit hospital"),
        "private": N_("private hospital"),
    },
    "policy": {
        "required": N_("required"),
        "recommended": N_("recommended"),
        "optional": N_("optional"),
    },
    "observers": {
        "allowed": N_("allowed"),
        "council-decides": N_("the council decides"),
        "not-allowed": N_("not allowed"),
    },
    "heatmap": {
        "full": N_("fully"),
        "partial": N_("partly"),
        "none": N_("not at the trust"),
        svg.MISSING: N_("not assessed"),
    },
}


def translations(lang: str) -> _gettext.NullTranslations:
    """The catalogue templates are rendered with (English msgids when one is missing)."""
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


class ContainedLoader(jinja2.FileSystemLoader):
    """A file-system loader that refuses files whose real path is outside the folder
    they were found in (a symbolic link in a data repository's templates/ pointing at
    other files of the machine), as the data loader refuses such links under data/."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if len(source) > MAX_TEMPLATE_CHARS:
            raise LimitExceeded(
                _("the template is longer than {n} characters").format(
                    n=format_number(MAX_TEMPLATE_CHARS)
                )
            )
        real = Path(filename).resolve()
        folders = [Path(p).resolve() for p in self.searchpath]
        if not any(folder in real.parents for folder in folders):
            raise jinja2.TemplateNotFound(
                template,
                _("{name} is a symbolic link pointing outside its templates folder").format(
                    name=template
                ),
            )
        return source, filename, uptodate


class Renderer:
    """Renders templates by name into text; errors name the template file and line."""

    def __init__(
        self,
        *,
        lang: str,
        root: Path | None,
        trusts: Mapping[str, Mapping[str, Any]],
        paths: frozenset[str] = frozenset(),
        extension: str = ".html",
        include_contact: bool = False,
    ) -> None:
        self.lang = lang
        self.include_contact = include_contact
        self.root = root
        override = root / "templates" if root is not None else None
        if override is not None and override.resolve() == templates_dir().resolve():
            override = None  # the project's own checkout: its templates are the shipped ones
        self.override_dir = override
        self.trusts = trusts
        self.paths = paths
        self.extension = extension
        self.catalogue = translations(lang)
        search = [templates_dir()]
        if self.override_dir is not None and self.override_dir.is_dir():
            search.insert(0, self.override_dir)
        self.search = [p.resolve() for p in search]
        self.loader = ContainedLoader([str(p) for p in search])
        self.html = self._environment(html=True)
        self.markdown = self._environment(html=False)

    # -- environments -----------------------------------------------------------------

    def _environment(self, *, html: bool) -> Sandbox:
        env = Sandbox(
            loader=self.loader,
            autoescape=html,
            finalize=_finalize_html if html else _finalize_markdown,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.install_gettext_translations(self.catalogue, newstyle=False)  # type: ignore[attr-defined]
        # ``_`` is the catalogue's, not Jinja's alias calling it: a render makes 100 000
        env.globals["_"] = env.globals["gettext"]
        env.filters.update(
            date=lambda value: format_date(value, self.lang),
            number=lambda value, decimals=2: format_number(value, self.lang, decimals),
            months=self._months,
            trust=self._trust_name,
            trust_short=self._trust_short,
            label=self._label,
            url=safe_url,
        )
        renderer = self

        @jinja2.pass_context
        def href(ctx: Mapping[str, Any], target: str | None) -> str | None:
            return renderer._href(ctx, target)

        env.globals["href"] = href
        if html:
            env.globals.update(
                timeline_chart=self.timeline_chart,
                heatmap_chart=self.heatmap_chart,
                utilisation_chart=self.utilisation_chart,
            )
        env.bound_filters()
        return env

    # -- rendering ----------------------------------------------------------------------

    def render(self, template: str, context: Mapping[str, Any], output_format: str) -> str:
        """The template rendered with ``context``; HTML unless ``output_format`` is md.

        What is rendered is made safe to publish whatever the template did: national
        identity numbers masked, and (without ``include_contact``) e-mail addresses and
        phone numbers too, wherever in the data they were."""
        env = self.markdown if output_format == "md" else self.html
        try:
            with env.limits() as budget:
                page = io.StringIO()
                for chunk in env.get_template(template).generate(context):
                    budget.wrote(len(chunk))
                    page.write(chunk)
        except Exception as exc:  # RecursionError and the limits too: refused, not a crash
            raise self._error(exc, template) from exc
        text = escaped(page.getvalue())  # what the template itself holds, too
        text = redact(text)
        if not self.include_contact:
            text = contact.scrub(text, markup=output_format != "md")
        return text

    def static(self, name: str) -> str:
        """A file that is copied, not rendered (``style.css``), overridable by name."""
        try:
            source, _filename, _uptodate = self.loader.get_source(self.html, name)
        except jinja2.TemplateNotFound as exc:
            raise self._error(exc, name) from exc
        return source

    def _error(self, exc: Exception, template: str) -> Exception:
        if isinstance(exc, (LimitExceeded, RecursionError)):
            return self._limit_error(exc, template)
        filename, line = self._location(exc)
        where = self._display(filename) if filename else template
        if line:
            where = f"{where}:{line}"
        message = str(getattr(exc, "message", None) or exc) or exc.__class__.__name__
        if isinstance(exc, jinja2.TemplateNotFound) and exc.message == exc.name:
            message = _("template {name} not found").format(name=exc.name)
        text = _("template {location}: {error}").format(location=where, error=message)
        overridden = filename is not None and self._is_override(filename)
        if not overridden and filename is None:
            overridden = self._override_exists(template)
        if not overridden:
            return InternalError(text)
        if isinstance(exc, jinja2.exceptions.SecurityError):
            hint = _(
                "templates run in a sandbox: they can read the page's data, not Python "
                "internals; nothing was written"
            )
        else:
            hint = _("fix the template in the data root's templates/ folder; nothing was written")
        return RefusedError(text, hint)

    def _limit_error(self, exc: Exception, template: str) -> RefusedError:
        """A page over a limit of ``bounds``, from any template: refused, naming the
        innermost template of the data root's own where there is one."""
        filename, line = self._location(exc, prefer_override=True)
        if filename is not None:
            where = f"{self._display(filename)}:{line}" if line else self._display(filename)
        elif self.override_dir is not None and self._override_exists(template):
            where = self._display(str(self.override_dir / template))
        else:
            where = template
        if isinstance(exc, RecursionError):
            message = _("templates nest, include or call themselves too deeply")
        else:
            message = str(exc)
        return RefusedError(
            _("template {location}: {error}").format(location=where, error=message),
            _(
                "a page may take at most {seconds} seconds and {chars} characters, and a "
                "text or list at most {value}; nothing was written"
            ).format(
                seconds=format_number(MAX_SECONDS),
                chars=format_number(MAX_PAGE_CHARS),
                value=format_number(MAX_VALUE),
            ),
        )

    def _location(
        self, exc: BaseException, *, prefer_override: bool = False
    ) -> tuple[str | None, int | None]:
        """The template file and line where ``exc`` happened: the innermost template,
        or with ``prefer_override`` the innermost of the data root's own if any."""
        if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
            return exc.filename, exc.lineno
        found: tuple[str | None, int | None] = (None, None)
        override: tuple[str | None, int | None] = (None, None)
        tb = exc.__traceback__
        while tb is not None:
            name = tb.tb_frame.f_code.co_filename
            if self._is_template(name):
                found = (name, tb.tb_lineno)
                if prefer_override and self._is_override(name):
                    override = found
            tb = tb.tb_next
        return override if override[0] is not None else found

    def _is_template(self, filename: str) -> bool:
        path = Path(filename)
        return path.is_absolute() and any(d in path.resolve().parents for d in self.search)

    def _is_override(self, filename: str) -> bool:
        if self.override_dir is None or not self.override_dir.is_dir():
            return False
        return self.override_dir.resolve() in Path(filename).resolve().parents

    def _override_exists(self, template: str) -> bool:
        return self.override_dir is not None and (self.override_dir / template).is_file()

    def _display(self, filename: str) -> str:
        path = Path(filename).resolve()
        if self.root is not None:
            try:
                return path.relative_to(self.root.resolve()).as_posix()
            except ValueError:
                pass
        return str(path)

    # -- filters and functions -----------------------------------------------------------

    def _months(self, value: float) -> str:
        ngettext = self.catalogue.ngettext
        count = int(value) if float(value).is_integer() else 2
        return ngettext("{n} month", "{n} months", count).format(n=format_number(value, self.lang))

    def _trust_name(self, trust: str) -> str:
        data = self.trusts.get(trust)
        return str(data["name"]) if data else trust

    def _trust_short(self, trust: str) -> str:
        data = self.trusts.get(trust)
        return str(data.get("short") or data["name"]) if data else trust

    def _label(self, value: str | None, kind: str) -> str:
        if value is None:
            return ""
        word = LABELS.get(kind, {}).get(value)
        return self.catalogue.gettext(word) if word else value

    def _href(self, ctx: Mapping[str, Any], target: str | None) -> str | None:
        """The relative URL from the current page to ``target`` if it is rendered."""
        from .pages import relative_href

        if not target or target + self.extension not in self.paths:
            return None
        return relative_href(str(ctx["page_path"]), target + self.extension)

    def timeline_chart(
        self,
        periods: Sequence[Mapping[str, Any]],
        *,
        title: str,
        desc: str,
        id_prefix: str = "timeline",
        home_label: str | None = None,
        away_label: str | None = None,
    ) -> Markup:
        """The implementation plan's periods (as in the plan context) as a timeline."""
        check_chart(periods, title, desc, home_label, away_label, items=len(periods))
        items = [
            svg.TimelinePeriod(
                id=str(p["id"]),
                title=str(p["title"]),
                place=", ".join(str(part) for part in (p["trust"]["short"], p.get("site")) if part),
                months=_whole(p["months"]),
                away=bool(p["away"]),
            )
            for p in periods
        ]
        return Markup(
            svg.timeline_svg(
                items,
                title=str(title),
                desc=str(desc),
                month_label=self.catalogue.gettext("{months} mo."),
                id_prefix=id_prefix,
                home_label=home_label,
                away_label=away_label,
            )
        )

    def heatmap_chart(
        self,
        goals: Sequence[Mapping[str, Any]],
        columns: Sequence[Mapping[str, Any]],
        cells: Sequence[Mapping[str, Any]],
        *,
        title: str,
        desc: str,
        id_prefix: str = "heatmap",
    ) -> Markup:
        """Coverage of goals (``{id, title}``) at trusts (``{id, label}``); ``cells`` are
        ``{goal, trust, status}`` with status full, partial, none or None."""
        check_chart(goals, columns, cells, title, desc, items=len(goals) * len(columns))
        legend = {k: self.catalogue.gettext(v) for k, v in LABELS["heatmap"].items()}
        return Markup(
            svg.heatmap_svg(
                [(str(g["id"]), str(g.get("title") or "")) for g in goals],
                [(str(c["id"]), str(c.get("label") or c["id"])) for c in columns],
                {(str(c["goal"]), str(c["trust"])): c.get("status") for c in cells},
                legend=legend,
                title=str(title),
                desc=str(desc),
                id_prefix=id_prefix,
            )
        )

    def utilisation_chart(
        self,
        rows: Sequence[Mapping[str, Any]],
        *,
        title: str,
        desc: str,
        id_prefix: str = "utilisation",
        value_label: str | None = None,
    ) -> Markup:
        """Demand against capacity per host: rows of ``{label, demand, capacity}``."""
        check_chart(rows, title, desc, value_label, items=len(rows))
        label = value_label or self.catalogue.gettext("{demand} of {capacity} positions")
        return Markup(
            svg.utilisation_svg(
                [
                    svg.UtilisationRow(str(r["label"]), float(r["demand"]), int(r["capacity"]))
                    for r in rows
                ],
                title=str(title),
                desc=str(desc),
                id_prefix=id_prefix,
                value_label=label,
                decimal_mark=NUMBER_MARKS.get(self.lang, NUMBER_MARKS["en"])[1],
            )
        )


#: The link schemes data may use; anything else (``javascript:``, ``data:``) is not linked.
URL_SCHEMES = ("http://", "https://", "mailto:")


def safe_url(value: str | None) -> str | None:
    """``value`` when it is an http, https or mailto link, else ``None``."""
    if not value:
        return None
    text = str(value).strip()
    return text if text.lower().startswith(URL_SCHEMES) else None


def _whole(months: float) -> int:
    """Months on the timeline's axis (the tables show fractions exactly)."""
    return int(months) if float(months).is_integer() else math.ceil(months)


@jinja2.pass_environment
def _finalize_html(env: Sandbox, value: Any) -> Any:
    """Every value printed in an HTML template, before autoescape: short enough to be
    text, and with control and bidirectional formatting characters as visible escapes
    (in markup too: an escape holds no markup characters)."""
    if value is None:
        return ""
    env.check_text(value)
    if hasattr(value, "__html__"):
        return Markup(xml_text(str(value.__html__())))
    text = str(value)
    return text if text.isprintable() else xml_text(text)  # printable: nothing to escape


@jinja2.pass_environment
def _finalize_markdown(env: Sandbox, value: Any) -> Any:
    """Every value printed in a Markdown template is text: escaped, on one line."""
    if value is None:
        return ""
    env.check_text(value)
    if isinstance(value, Markup):
        return escaped(str(value))
    return md_escape(str(value))
