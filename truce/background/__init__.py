"""Background tasks: the work an action or the worker's round asks for but does not do itself (e-mail,
feed polling, checkpoints, bulletins), as rows of django-tasks-db's table in the instance's own database.
``retry.py`` makes a task that is tried again later when it fails, ``queue.py`` enqueues, runs and
counts them; ``truce worker`` (truce.cli.worker) runs them. docs/operations.md, "The worker"."""
