"""``regraad validate``: load, check the three layers, filter, report.

The CLI fills a ``ValidateOptions`` and calls ``execute``; nothing here knows about
typer or rich. The rules' findings come from ``judgement`` (on one day or over time,
cached); ``changes`` picks what a pull request brings; ``formats`` prints the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..errors import UsageError
from ..findings import Finding, Severity, sort_findings
from ..git import gitio
from ..i18n import N_, _, ngettext

if TYPE_CHECKING:
    from ..load.dataset import Dataset

# Loading, the rules and the cache are imported by ``execute``: the CLI imports this
# package for the output formats' names, and ``regraad --help`` must stay light.

# Layer 1 and 2 checks: not functions in the rule registry, but ids users can select.
LAYER_CHECKS: dict[str, str] = {
    "YAML-SYNTAX": N_("the file is well-formed YAML"),
    "YAML-DUPLICATE-KEY": N_("no key appears twice in one mapping"),
    "YAML-TAB": N_("indentation uses spaces, not tabs"),
    "YAML-LINEBREAK": N_("NEL, LS and PS appear only inside quoted strings"),
    "YAML-MULTIDOC": N_("one YAML document per file"),
    "YAML-ALIAS": N_("no anchors or aliases"),
    "YAML-TAG": N_("no custom tags"),
    "YAML-ENCODING": N_("the file is valid UTF-8"),
    "YAML-EMPTY": N_("the file is not empty"),
    "YAML-CONFLICT": N_("no merge-conflict markers"),
    "YAML-DEPTH": N_("nesting is at most 50 levels deep"),
    "FILE-SIZE": N_("the file is at most 5 MB"),
    "FILE-PLACE": N_("every file under data/ is a plain file in a known place"),
    "SCHEMA": N_("every file matches its kind's JSON Schema"),
}


def all_check_ids() -> list[str]:
    from ..rules import load_rules

    return [*LAYER_CHECKS, *load_rules()]


@dataclass(frozen=True)
class ValidateOptions:
    root: Path
    rev: str | None = None
    strict: bool = False
    only: frozenset[str] = frozenset()
    skip: frozenset[str] = frozenset()
    changed_since: str | None = None
    paths: tuple[Path, ...] = ()
    as_of: str | None = None  # judge this one day; default: today and every later day named
    cache: bool = True  # read and fill the data root's cache of loaded files
    # judge the later days the data names too (rules.timeline); default: without --as-of
    timeline: bool | None = None


@dataclass
class Report:
    label: str
    findings: list[Finding]
    files: int
    documents: int
    strict: bool = False
    dataset: Dataset | None = field(default=None, repr=False)
    repo_prefix: str = ""  # the data root's path inside its git repository, for annotations

    @property
    def errors(self) -> int:
        return sum(represented(f) for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(represented(f) for f in self.findings if f.severity is Severity.WARNING)

    @property
    def failed(self) -> bool:
        return self.errors > 0 or (self.strict and self.warnings > 0)


#: Findings of one rule in one file that a report lists; the rest are counted in one.
FINDINGS_PER_RULE_AND_FILE = 50


@dataclass(frozen=True, order=True)
class Omitted(Finding):
    """Stands for ``count`` findings of one rule and severity in one file that are not
    listed: a file with half a million bad ids must not make a report of 150 MB."""

    count: int = field(default=0, compare=False)


def represented(finding: Finding) -> int:
    """How many findings ``finding`` counts for (the summary counts every one)."""
    return finding.count if isinstance(finding, Omitted) else 1


def capped(findings: list[Finding], limit: int = FINDINGS_PER_RULE_AND_FILE) -> list[Finding]:
    """The first ``limit`` findings (in report order) of each rule, severity and file,
    and one ``Omitted`` for the rest of them, at the first one not listed."""
    seen: dict[tuple[str, str, Severity], int] = {}
    rest: dict[tuple[str, str, Severity], Finding] = {}
    out: list[Finding] = []
    for f in sort_findings(findings):
        key = (f.path, f.rule, f.severity)
        n = seen[key] = seen.get(key, 0) + 1
        if n <= limit:
            out.append(f)
        elif n == limit + 1:
            rest[key] = f
    for key, first in rest.items():
        more = seen[key] - limit
        out.append(
            Omitted(
                first.path,
                first.line,
                first.col,
                first.rule,
                first.severity,
                ngettext(
                    "{n} more {rule} finding in this file is not listed",
                    "{n} more {rule} findings in this file are not listed",
                    more,
                ).format(n=more, rule=first.rule),
                _("fix the ones listed and validate again; the summary counts them all"),
                count=more,
            )
        )
    return sort_findings(out)


def _check_ids(ids: frozenset[str], option: str) -> None:
    known = set(all_check_ids())
    unknown = sorted(ids - known)
    if unknown:
        raise UsageError(
            _("{option}: unknown rule {ids}").format(option=option, ids=", ".join(unknown)),
            _("regraad rules lists them"),
        )


def _relative_filters(options: ValidateOptions) -> list[str]:
    root = options.root.resolve()
    out = []
    for path in options.paths:
        full = path if path.is_absolute() else Path.cwd() / path
        if "\0" in str(full):  # no file name holds a NUL; resolve() would raise
            shown = str(path).replace("\0", "\\0")
            raise UsageError(_("no such file or folder: {path}").format(path=shown))
        full = full.resolve()
        if not full.exists():
            raise UsageError(_("no such file or folder: {path}").format(path=path))
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            raise UsageError(
                _("{path} is outside the data root {root}").format(path=path, root=root)
            ) from None
        out.append("" if rel == "." else rel)
    return out


def _changed(options: ValidateOptions, where: gitio.Place | None) -> set[str]:
    assert options.changed_since is not None
    if where is None:
        where = gitio.require_place(options.root, "--changed-since")
    commit = gitio.resolve_commit(where.repo, options.changed_since)
    n = len(where.prefix)
    return {p[n:] for p in gitio.changed_paths(where.repo, commit) if p.startswith(where.prefix)}


def execute(options: ValidateOptions) -> Report:
    """Validate the data root (or a revision of it) and return the report."""
    from ..load.loader import cache_for, load_directory, load_revision
    from ..load.schemacheck import SchemaStore
    from .changes import new_since
    from .judgement import judged

    _check_ids(options.only, "--rule")
    _check_ids(options.skip, "--skip")
    filters = _relative_filters(options)
    where = gitio.place(options.root)  # once: revisions, changed files and annotation paths
    changed = _changed(options, where) if options.changed_since else None
    store = SchemaStore()
    cache = cache_for(options.root, store, options.cache)
    dataset = (
        load_revision(options.root, options.rev, store, where, cache=cache or False)
        if options.rev
        else load_directory(options.root, store, cache=cache or False)
    )
    selected = set(options.only) if options.only else set(all_check_ids())
    selected -= options.skip
    as_of = options.as_of or clock.today()
    timeline = options.timeline if options.timeline is not None else options.as_of is None
    findings = judged(dataset, as_of, selected, timeline, cache)
    if filters:
        findings = [
            f
            for f in findings
            if any(not p or f.path == p or f.path.startswith(p + "/") for p in filters)
        ]
    if changed is not None:
        assert options.changed_since is not None
        base = load_revision(
            options.root, options.changed_since, store, where, cache=cache or False
        )
        findings = new_since(findings, judged(base, as_of, selected, timeline, cache), changed)
    return Report(
        dataset.label,
        capped(findings),
        len(dataset.paths),
        len(dataset.documents),
        options.strict,
        dataset,
        where.prefix if where else "",
    )
