"""Operating an instance: ``/healthz`` (is it able to work?), ``/metrics`` (what is it doing?) and
``truce status`` (both on the command line). ``checks.py`` decides health, ``metrics.py`` counts,
``heartbeat.py`` is the worker's sign of life, ``views.py`` serves the two routes."""
