"""Charts: emotion and importance arcs as inline SVG, drawn with pygal."""
