"""Analysis over a loaded dataset: the coverage matrix and the time-to-specialist estimate.

Pure functions: a ``Dataset`` (or plain dataclasses) in, plain dataclasses out. Nothing
here reads files, prints or knows about typer; ``formats`` turns results into text, JSON
or CSV, and the CLI only picks the inputs and a format.

- ``coverage``: the goals × trusts matrix of one specialty, gaps first.
- ``simulation``: the queue model of rotations to host trusts, independent of the dataset.
- ``estimate``: dataset → simulation inputs → time to specialist, bottlenecks.
- ``whatif``: ``--set`` overrides applied to copies of documents, never to files.
"""
