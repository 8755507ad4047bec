"""Presentation shared by the re-audit report and, later, the chair's web pages.

Jinja2 templates (`templates/`), the stylesheet (`static/deplan.css`) and the layout of the
SVG charts (`charts`). It imports neither `engine` nor `api`, so both may use it.
"""
