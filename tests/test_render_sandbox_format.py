"""``.format`` in templates: quick for the templates' sentences, still sandboxed.

Templates format their translated sentences (``_("...").format(name=...)``) a hundred
thousand times a render; ``Sandbox`` fills a text whose fields read no attribute or item
with ``str.format`` itself, measured, and leaves every other to Jinja's sandboxed
formatter. What a template gets must be the same either way.
"""

from __future__ import annotations

import jinja2
import pytest
from jinja2.exceptions import SecurityError

from regraad.render.bounds import LimitExceeded
from regraad.render.sandbox import Sandbox


def render(source: str) -> str:
    env = Sandbox(undefined=jinja2.StrictUndefined, autoescape=True)
    with env.limits():
        return env.from_string(source).render(name="<Ola>", n=3, items=["a", "b"])


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("{{ '{name} har {n} mål'.format(name=name, n=n) }}", "&lt;Ola&gt; har 3 mål"),
        ("{{ '{} og {}'.format(n, name) }}", "3 og &lt;Ola&gt;"),
        ("{{ '{0:>4}|{1!r}'.format(n, 'x') }}", "   3|&#39;x&#39;"),
        ("{{ '{{literal}} {n:03d}'.format(n=n) }}", "{literal} 003"),
        ("{{ '{0[1]}'.format(items) }}", "b"),  # an item: the sandboxed formatter reads it
        ("{{ '{:>{w}}'.format('z', w=3) }}", "  z"),  # a field in a spec: the same
    ],
)
def test_format_fills_fields_as_python_does(source: str, shown: str) -> None:
    assert render(source) == shown


@pytest.mark.parametrize(
    "source",
    [
        "{{ '{0.__class__}'.format(n) }}",
        "{{ '{x.__class__.__mro__}'.format(x=n) }}",
        "{{ '{0.__self__}'.format(items.append) }}",
    ],
)
def test_format_reads_no_attribute_the_sandbox_forbids(source: str) -> None:
    with pytest.raises(SecurityError, match="is unsafe"):
        render(source)


@pytest.mark.parametrize(
    "source",
    [
        "{{ '{x}'.format(x='y' * 600000 ~ 'y' * 500000) }}",
        "{{ '{x}{x}'.format(x='y' * 600000) }}",
        "{{ '{:>1000000000}'.format('x') }}",
    ],
)
def test_format_is_measured_before_it_runs(source: str) -> None:
    with pytest.raises(LimitExceeded, match="longer than 1,000,000"):
        render(source)


def test_format_errors_are_pythons_own() -> None:
    with pytest.raises(ValueError, match="manual field specification to automatic"):
        render("{{ '{} {0}'.format(n) }}")
    with pytest.raises(KeyError):
        render("{{ '{missing}'.format(n=n) }}")
