"""Import a Standard Safeguarding Dataset (SSD) extract into deplan cases.

The SSD is Data to Insight's common extract from children's social care case systems
(`data-to-insight/ssd-data-model`). `run_import` reads its CSV files in bounded memory and
writes one case per family per de-planning decision, pseudonymised with a keyed hash.
"""
