"""Reading a dialer's contact-attempt log: pure Python (no Django).

``profiles`` says how one dialer writes its files; ``validate`` reads a whole file (CSV or XLSX
through the KPI feeds' readers, ``kpi.ingest.readers``) and returns either every row parsed or
every problem named with its row, column, value and reason: nothing is stored from a file with
one problem.
"""
