"""reportgen: Vietnamese research digests -> PDF report, reading list, slide deck."""
__version__ = "0.1.0"
