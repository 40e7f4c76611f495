"""Paragraph format values of a document's paragraphs, their styles resolved once per pass.

python-docx finds a paragraph's style by searching every style of the document (the default
style by listing them all) and each base style again: ``StyleValues`` indexes the styles once and
keeps each style's value per name (``line_breaks`` asks for alignment, indents, size and
character spacing of every body paragraph).
"""
from __future__ import annotations

from docx.oxml.ns import qn


class StyleValues:
    """Values of paragraphs' styles (following their base styles), each looked up once per pass:
    python-docx finds a paragraph's style by scanning every style of the document (the default
    style by listing them all), which for a few hundred paragraphs cost more than the pass."""

    def __init__(self):
        self._values: dict[tuple[str | None, str], object] = {}
        self._index = None  # (style id → its first w:style, the default paragraph style)

    def _style(self, paragraph):
        """python-docx's ``paragraph.style`` (the paragraph style of its id, else the default
        paragraph style) and ``base_style`` (the style of the ``basedOn`` id), from one index of
        the styles instead of a search of them all for each."""
        from docx.enum.style import WD_STYLE_TYPE
        from docx.styles.style import StyleFactory

        if self._index is None:
            styles = paragraph.part.styles.element.findall(qn("w:style"))
            by_id: dict = {}
            for style in styles:
                by_id.setdefault(style.get(qn("w:styleId")), style)
            defaults = [s for s in styles if s.type == WD_STYLE_TYPE.PARAGRAPH and s.default]
            self._index = (by_id, defaults[-1] if defaults else None)
        by_id, default = self._index
        sid = paragraph._p.style
        element = by_id.get(sid) if sid is not None else None
        if element is None or element.type != WD_STYLE_TYPE.PARAGRAPH:
            element = default
        while element is not None:
            yield StyleFactory(element)
            based = element.basedOn_val
            element = by_id.get(based) if based is not None else None

    def _of_style(self, paragraph, name: str, read):
        key = (paragraph._p.style, name)
        if key not in self._values:
            value = None
            for style in self._style(paragraph):
                value = read(style)
                if value is not None:
                    break
            self._values[key] = value
        return self._values[key]

    def paragraph(self, paragraph, name: str):
        """The paragraph format value ``name`` (``alignment``, ``left_indent`` …): the
        paragraph's own, else its style's or their base styles'."""
        value = getattr(paragraph.paragraph_format, name)
        if value is not None:
            return value
        return self._of_style(paragraph, name, lambda style: getattr(style.paragraph_format, name))

    def character_spacing(self, paragraph) -> float:
        """The paragraph's character spacing (``w:spacing`` of its first run, else its style's) in pt."""
        for run in paragraph.runs:
            node = run._r.find(f"{qn('w:rPr')}/{qn('w:spacing')}")
            if node is not None:
                return int(node.get(qn("w:val"))) / 20
            break

        def of(style):
            rpr = style.element.find(qn("w:rPr"))
            node = rpr.find(qn("w:spacing")) if rpr is not None else None
            return None if node is None else int(node.get(qn("w:val"))) / 20
        return self._of_style(paragraph, "character spacing", of) or 0.0

    def font_size(self, paragraph) -> float | None:
        """Size in pt of the paragraph's text: its first run's, else its style's."""
        for run in paragraph.runs:
            if run.font.size is not None:
                return run.font.size.pt
            break
        size = self._of_style(paragraph, "font.size", lambda style: style.font.size)
        return size.pt if size is not None else None
