"""Understanding the prose of a report, one concern per module.

- :mod:`.passages`  running text joined across wrapped lines, sentences, the way back to line/column
- :mod:`.wrapping`  whether one text line continues the sentence of the line before (hard-wrapped PDF text)
- :mod:`.counts`    numbers with a counting unit (``77件``, ``6300 余条``, ``为0``)
- :mod:`.lists`     a total and the parts listed after it (``共…件,其中A…件、B…件``)
- :mod:`.shares`    percentages stated as a part's share (``占8.1%``) and whether they fit
- :mod:`.statements` what a number counts (a quantity a table also holds) and claims without numbers
- :mod:`.issuer_mentions` the issuer as the text names itself (intro names, ``本镇``/``我局``)

Whether two names are one body lives in :mod:`disclosure_lint.report.issuers`.

Everything here is bounded: regular expressions are anchored or use bounded repetitions, and the
scanners walk the text once, so a 100k-character line costs linear time.
"""
