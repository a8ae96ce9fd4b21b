"""kbgen: two public help centers from a property manager's FAQ articles."""

__version__ = "0.1.0"
