"""Finding a council and a person's memberships in it; refusing what is not there.

A council file that exists but has errors is refused: editing it blind could hide what
is wrong with it."""

from __future__ import annotations

import difflib

from ...errors import RefusedError, UsageError
from ...i18n import _
from ...load.dataset import Dataset, Document, SpecialtyData
from ...rules import active
from ...rules.references import CROSS_REGIONAL
from .membership import Membership, council_path, council_ref, person, subject_of


def require_specialty(dataset: Dataset, slug: str) -> SpecialtyData:
    """The specialty's folder; refused when there is no such specialty."""
    bundle = dataset.specialties.get(slug)
    if bundle is None or ("specialty", slug) not in dataset.present:
        close = difflib.get_close_matches(slug, list(dataset.specialties), n=3)
        raise RefusedError(
            _("unknown specialty '{slug}'").format(slug=slug),
            _("did you mean {names}?").format(names=", ".join(close))
            if close
            else _("specialties are the folder names in data/specialties/"),
        )
    return bundle


def require_region(dataset: Dataset, region: str) -> None:
    """Refuse a region that has no file (the council's file name must be a known region)."""
    if region != CROSS_REGIONAL and region not in dataset.regions:
        raise RefusedError(
            _("unknown region '{region}'").format(region=region),
            _("regions: {list}").format(list=", ".join([*sorted(dataset.regions), CROSS_REGIONAL])),
        )


def is_goalset(dataset: Dataset, name: str) -> bool:
    """Whether ``name`` names a goal set (FKM, FIM, KIR) rather than a specialty."""
    return name not in dataset.specialties and ("goalset", name) in dataset.present


def goalset_council_docs(dataset: Dataset, set_id: str) -> dict[str, Document]:
    """The goal set's councils by region (valid files only)."""
    return {
        d.params["region"]: d
        for d in dataset.documents
        if d.valid and d.kind.name == "goalset-council" and d.params["goalset"] == set_id
    }


def council_doc(dataset: Dataset, slug: str, region: str, required: bool = True) -> Document | None:
    """The council of ``slug`` (a specialty, or a goal set such as FKM) in ``region``;
    None (or refused when ``required``) if absent, refused either way when its file has
    errors."""
    goalset = is_goalset(dataset, slug)
    kind = "goalset-council" if goalset else "council"
    if goalset:
        require_region(dataset, region)
        doc = goalset_council_docs(dataset, slug).get(region)
    else:
        bundle = require_specialty(dataset, slug)
        require_region(dataset, region)
        doc = bundle.councils.get(region)
    if doc is not None:
        return doc
    path = council_path(slug, region, goalset)
    if (kind, slug, region) in dataset.present:
        raise RefusedError(
            _("{path} has errors; fix them first").format(path=path),
            _("regraad validate {path} shows them").format(path=path),
        )
    if required:
        raise RefusedError(
            _("{slug} has no council in {region}").format(slug=slug, region=region),
            _("regraad council add {slug} --region {region} … creates it").format(
                slug=slug, region=region
            )
            if not goalset
            else _("write {path} with the council's goal set, region and policy first").format(
                path=path
            ),
        )
    return None


def memberships(doc: Document, name: str) -> list[Membership]:
    """Every entry of one person in a council, current and past."""
    wanted = person(name)
    return [
        Membership(doc, i)
        for i, m in enumerate(doc.data["members"])
        if person(str(m["name"])) == wanted
    ]


def find_active(dataset: Dataset, slug: str, name: str, on: str, region: str | None) -> Membership:
    """The person's membership active on ``on``; without ``region`` it must be unambiguous."""
    if region is not None:
        doc = council_doc(dataset, slug, region)
        docs = [doc] if doc is not None else []
        where = council_ref(slug, region)
    elif is_goalset(dataset, slug):
        docs = list(goalset_council_docs(dataset, slug).values())
        where = _("the {slug} councils").format(slug=slug)
    else:
        docs = list(require_specialty(dataset, slug).councils.values())
        where = _("the {slug} councils").format(slug=slug)
    entries = [m for doc in docs for m in memberships(doc, name)]
    if not entries:
        raise RefusedError(
            _("no member named '{name}' in {where}").format(name=name, where=where),
            _("regraad council list {slug} --all shows every member").format(slug=slug),
        )
    current = [m for m in entries if active(m.data, on)]
    if not current:
        later = sorted((m for m in entries if m.data["from"] > on), key=lambda m: m.data["from"])
        if later:
            raise RefusedError(
                _("{name}'s membership in {ref} starts on {start}, after {date}").format(
                    name=later[0].name, ref=later[0].ref, start=later[0].data["from"], date=on
                )
            )
        last = max(entries, key=lambda m: m.data.get("to", ""))
        raise RefusedError(
            _("{name} has no active membership in {where} on {date}").format(
                name=last.name, where=where, date=on
            ),
            _("the last one ({ref}, {role}) ended on {to}").format(
                ref=last.ref, role=last.role, to=last.data.get("to", "?")
            ),
        )
    regions = sorted({m.region for m in current})
    if len(regions) > 1:
        raise UsageError(
            _("{name} is an active member of several {slug} councils: {regions}").format(
                name=name, slug=slug, regions=", ".join(regions)
            ),
            _("say which with --region"),
        )
    if len(current) > 1:
        raise RefusedError(
            _("{name} is listed more than once in {ref} on {date}").format(
                name=name, ref=current[0].ref, date=on
            ),
            _("regraad validate shows the overlap (C-DATES); fix the file first"),
        )
    return current[0]


def outgoing(doc: Document, name: str, start: str, role: str | None = None) -> Membership:
    """The membership ``name`` hands over on ``start``: active then (in ``role`` when
    given) and begun before it; refused otherwise."""
    ref = council_ref(subject_of(doc), doc.params["region"])
    found = [
        m
        for m in memberships(doc, name)
        if active(m.data, start) and (role is None or m.role == role)
    ]
    if not found:
        what = _("as {role}").format(role=role) if role else _("a member")
        raise RefusedError(
            _("--replaces: {name} is not {what} of {ref} on {date}").format(
                name=name, what=what, ref=ref, date=start
            ),
            _("regraad council list {slug} --all shows every member").format(slug=subject_of(doc)),
        )
    m = found[0]
    if m.data["from"] >= start:
        raise RefusedError(
            _(
                "--replaces: {name}'s membership in {ref} starts on {start}, not before {date}"
            ).format(name=m.name, ref=ref, start=m.data["from"], date=start)
        )
    return m
