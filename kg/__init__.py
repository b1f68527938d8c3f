"""geokg: knowledge graphs of geopolitical events from news articles."""

__version__ = "0.1.0"
