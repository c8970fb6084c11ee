"""Supervisor statistics and reports (统计与报表): figures, cross-station matches, workbook and PDF.

- :mod:`.facts`: what each case contributes (dates, outcome, limit, net duration), kept per case.
- :mod:`.figures`: every figure defined once (label, definition, test); ``docs/statistics.md``.
- :mod:`.statistics`: the figures per station and in total, and the cases behind each.
- :mod:`.matches`: the same respondent, shop or patent at several stations; repeat infringers.
- :mod:`.summary`: the bureau's sentences written from the figures.
- :mod:`.workbook` and :mod:`.pdf_report`: the xlsx and the GB/T 9704 PDF report.
"""
