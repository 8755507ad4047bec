"""The chair's web pages."""
