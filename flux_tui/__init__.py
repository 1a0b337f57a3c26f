"""FLUX TUI: a keyboard-driven training log with a Brain that plans each session.

Kept import-free on purpose: start-up time is a feature.
"""

__version__ = "0.1.0"
