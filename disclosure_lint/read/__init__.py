"""Reading: bytes of any supported format become one raw document (text lines with their positions,
paragraphs, headings and table grids).  Format detection, the reader registry, the text lexer and the Lark
grammar live here."""
