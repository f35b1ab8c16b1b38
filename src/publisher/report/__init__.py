"""A run's report: what happened to each note (``outcomes.py``) and how it is shown
(``console.py``)."""
