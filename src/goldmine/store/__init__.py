"""Storage adapter (issue #2): workspaces, versioned startups and immutable analysis runs.

SQLAlchemy 2 with an SQLite file by default (``$GOLDMINE_HOME/goldmine.db``, ``GOLDMINE_HOME``
defaulting to ``~/.goldmine``) and PostgreSQL through ``GOLDMINE_DATABASE_URL``
(``postgresql+psycopg://user:pass@host/db``).  The schema is created and migrated by Alembic
(``goldmine db init|upgrade``); every write runs in one transaction, so a failure leaves
nothing half-written.

* :class:`Store` — the repository: ``ensure_workspace``, ``save_startup`` (a new version when
  the profile changed), ``list_startups``, ``get_startup``, ``history``, ``record_run``,
  ``list_runs``, ``get_run``, ``transaction``.
* :func:`default_url` — the database URL from the environment.
"""

from goldmine.store.db import Store, default_url
from goldmine.store.tables import AnalysisRun, Base, StartupRecord, StartupVersion, Workspace

__all__ = ["AnalysisRun", "Base", "StartupRecord", "StartupVersion", "Store", "Workspace", "default_url"]
