"""``python -m bordermap``."""

from .cli import entry

entry()
