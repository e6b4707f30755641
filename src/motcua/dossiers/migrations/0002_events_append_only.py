# SPDX-License-Identifier: EUPL-1.2
"""Make the database itself refuse to change dossier history (RELIABILITY.md S18).

PostgreSQL refuses UPDATE and DELETE of events (TRUNCATE stays an operator's tool, e.g. for
test databases); SQLite refuses UPDATE (DELETE stays possible so test databases can be flushed).
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION motcua_refuse_event_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'dossier events are append-only (%% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER dossierevent_append_only
    BEFORE UPDATE OR DELETE ON dossiers_dossierevent
    FOR EACH ROW EXECUTE FUNCTION motcua_refuse_event_change();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS dossierevent_append_only ON dossiers_dossierevent;
DROP FUNCTION IF EXISTS motcua_refuse_event_change();
"""
SQLITE_UP = """
CREATE TRIGGER dossierevent_append_only BEFORE UPDATE ON dossiers_dossierevent
BEGIN SELECT RAISE(ABORT, 'dossier events are append-only (UPDATE refused)'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS dossierevent_append_only;"


def _run(schema_editor: BaseDatabaseSchemaEditor, postgres: str, sqlite: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres)
    elif vendor == "sqlite":
        schema_editor.execute(sqlite)


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, POSTGRES_UP, SQLITE_UP)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, POSTGRES_DOWN, SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
