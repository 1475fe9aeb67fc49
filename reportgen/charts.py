"""Vector figures as SVG strings, drawn from plain numbers (no renderer logic)."""
from __future__ import annotations

from markupsafe import escape


def _wrap(text: str, width: int) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        lines.append(cur)
    return lines or [""]


def bar_chart_svg(items: list[tuple[str, int]], title: str, width: float = 480,
                  font: str = "Noto Sans, Noto Sans Math, Noto Sans Symbols2, Noto Emoji",
                  accent: str = "#2B5D8A", top: int = 0) -> str:
    """Horizontal bars, one per (label, value), the label above its bar.

    Sizes are in CSS px (1/96 in); the figure scales to its container.  ``top`` is the value of
    a full bar (default: the largest here), so a chart drawn in parts has one scale."""
    if not items:
        return ""
    top = top or max(v for _, v in items) or 1
    pad, bar_h, fs = 6, 12, 9.5
    label_w = int((width - 2 * pad) / (fs * 0.52))  # rough characters per line
    y = pad + fs * 1.6 if title else pad
    parts = [f'<text x="{pad}" y="{pad + fs * 1.1:.1f}" font-size="{fs + 1}" font-weight="bold">{escape(title)}</text>'
             if title else ""]
    bar_max = width - 2 * pad - 40
    for i, (label, value) in enumerate(items):
        lines = _wrap(label, label_w)[:2]
        for ln in lines:
            y += fs * 1.3
            parts.append(f'<text x="{pad}" y="{y:.1f}" font-size="{fs}">{escape(ln)}</text>')
        y += 4
        w = max(1.5, bar_max * value / top)
        opacity = "1" if i % 2 == 0 else "0.65"  # alternate shades of the accent colour
        parts.append(f'<rect x="{pad}" y="{y:.1f}" width="{w:.1f}" height="{bar_h}" rx="2" fill="{escape(accent)}" '
                     f'fill-opacity="{opacity}"/>')
        parts.append(f'<text x="{pad + w + 5:.1f}" y="{y + bar_h - 2.5:.1f}" font-size="{fs}" '
                     f'font-weight="bold">{value}</text>')
        y += bar_h + 4
    height = y + pad
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" font-family="{escape(font)}" fill="#222" '
            f'role="img" aria-label="{escape(title)}">' + "".join(parts) + "</svg>")
