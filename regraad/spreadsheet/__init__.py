"""Spreadsheets in and out: learning goals and activities from xlsx or csv, and the
coverage matrix, rotation plans, councils and goal lists to xlsx or csv.

Councils and HF leaders work in Excel; the data lives in YAML. Imports read a table
(``tables``), find its columns by header name (``columns``), check every row and name
bad ones by row number (``rows``), then plan the change to ``specialty.yaml`` and make
it surgically, comments kept (``goals``, ``activities``). Exports build plain sheet
models from a dataset (``exports``) that one writer per format turns into a file
(``workbook``). openpyxl is imported only here, and only when a workbook is read or
written, so the rest of the tool starts fast.
"""
