"""M-JOINT: a joint meeting names councils that exist, and each item one of them.

A joint meeting (``workflow.meetings.joint``) is filed under the specialty of the
council that convenes it and lists the other councils under ``councils:``; an item
naming a council the meeting does not include would be lost from every council's view.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding
from ..i18n import N_, _
from ..load.councils import all_councils
from . import Context, rule


@rule(
    "M-JOINT",
    "error",
    N_("a joint meeting's councils exist; each item names one of the meeting's councils"),
)
def check_joint_meetings(ctx: Context) -> Iterator[Finding]:
    ds = ctx.dataset
    known = {c.ref for c in all_councils(ds)}
    for slug, bundle in ctx.specialties():
        for doc in bundle.meetings.values():
            own = f"{slug}/{doc.data['region']}"
            listed = [str(r) for r in doc.data.get("councils") or []]
            for i, council in enumerate(listed):
                if council not in known:
                    yield ctx.finding(
                        doc,
                        ("councils", i),
                        "M-JOINT",
                        _("no council {ref}").format(ref=council),
                        _(
                            "councils are data/specialties/SPECIALTY/councils/REGION.yaml "
                            "and data/goalsets/GOALSET/councils/REGION.yaml"
                        ),
                    )
            members = {own, *listed}
            for i, item in enumerate(doc.data.get("agenda") or []):
                council = item.get("council")
                if council is not None and council not in members:
                    yield ctx.finding(
                        doc,
                        ("agenda", i, "council"),
                        "M-JOINT",
                        _(
                            "item {id} concerns {ref}, which is not one of this meeting's councils"
                        ).format(id=item["id"], ref=council),
                        _("add it to the meeting's `councils:`"),
                    )
