"""A cover for every note: an Unsplash photo when one is allowed and found, else a drawn one.

``maker.py`` chooses and makes the cover (cache, Unsplash, drawing), ``step.py`` attaches it to
an EnrichedNote for the run; ``unsplash.py``, ``render.py``, ``cache.py`` and ``budget.py`` are
its parts.
"""
