"""Readers for structured report files: Word (.docx), web pages (.html) and PDF.

Each reader turns its format's own structure into a :class:`~disclosure_lint.document.Document`
(paragraphs, headings, tables cell by cell) with a synthesised :class:`~disclosure_lint.source.Source`
of one line per paragraph or table row, so that findings have a line and column to point at and a
per-line origin ("第3页 第2段", "表2 第4行") that a person can find in the original file.

The heavy libraries (python-docx, BeautifulSoup, pdfplumber) are imported inside the readers only.
"""
