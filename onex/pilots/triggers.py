"""Triggers that mark a pilot's cached figures stale (see PilotCounts).

They only set a flag; all counting stays in Python-side queries in
``onex.pilots.figures``, so the rules for the figures live in one place.
"""

# Tables whose rows point at a registration, whose pilot's figures they change.
_VIA_REGISTRATION = ("exams_result", "credentials_issuedcertificate")

SQLITE_CREATE = [
    """CREATE TRIGGER onex_counts_pilot_insert AFTER INSERT ON pilots_pilot BEGIN
        INSERT OR IGNORE INTO pilots_pilotcounts (pilot_id, registered, completed, passed, certified, stale)
        VALUES (NEW.id, 0, 0, 0, 0, 1);
    END""",
    """CREATE TRIGGER onex_counts_registration_insert AFTER INSERT ON pilots_registration BEGIN
        UPDATE pilots_pilotcounts SET stale = 1 WHERE pilot_id = NEW.pilot_id AND stale = 0;
    END""",
    """CREATE TRIGGER onex_counts_registration_update AFTER UPDATE ON pilots_registration BEGIN
        UPDATE pilots_pilotcounts SET stale = 1 WHERE pilot_id IN (NEW.pilot_id, OLD.pilot_id) AND stale = 0;
    END""",
    """CREATE TRIGGER onex_counts_registration_delete AFTER DELETE ON pilots_registration BEGIN
        UPDATE pilots_pilotcounts SET stale = 1 WHERE pilot_id = OLD.pilot_id AND stale = 0;
    END""",
]
for _table in _VIA_REGISTRATION:
    SQLITE_CREATE += [
        f"""CREATE TRIGGER onex_counts_{_table}_insert AFTER INSERT ON {_table} BEGIN
            UPDATE pilots_pilotcounts SET stale = 1 WHERE stale = 0 AND pilot_id =
                (SELECT pilot_id FROM pilots_registration WHERE id = NEW.registration_id);
        END""",
        f"""CREATE TRIGGER onex_counts_{_table}_update AFTER UPDATE ON {_table} BEGIN
            UPDATE pilots_pilotcounts SET stale = 1 WHERE stale = 0 AND pilot_id IN
                (SELECT pilot_id FROM pilots_registration WHERE id IN (NEW.registration_id, OLD.registration_id));
        END""",
        f"""CREATE TRIGGER onex_counts_{_table}_delete AFTER DELETE ON {_table} BEGIN
            UPDATE pilots_pilotcounts SET stale = 1 WHERE stale = 0 AND pilot_id =
                (SELECT pilot_id FROM pilots_registration WHERE id = OLD.registration_id);
        END""",
    ]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {stmt.split()[2]}" for stmt in SQLITE_CREATE]

POSTGRES_CREATE = [
    """CREATE FUNCTION onex_counts_pilot_insert() RETURNS trigger AS $$
    BEGIN
        INSERT INTO pilots_pilotcounts (pilot_id, registered, completed, passed, certified, stale)
        VALUES (NEW.id, 0, 0, 0, 0, true) ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER onex_counts_pilot_insert AFTER INSERT ON pilots_pilot
        FOR EACH ROW EXECUTE FUNCTION onex_counts_pilot_insert()""",
    """CREATE FUNCTION onex_counts_registration_stale() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'DELETE' THEN
            UPDATE pilots_pilotcounts SET stale = true WHERE pilot_id = NEW.pilot_id AND NOT stale;
        END IF;
        IF TG_OP <> 'INSERT' THEN
            UPDATE pilots_pilotcounts SET stale = true WHERE pilot_id = OLD.pilot_id AND NOT stale;
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER onex_counts_registration AFTER INSERT OR UPDATE OR DELETE ON pilots_registration
        FOR EACH ROW EXECUTE FUNCTION onex_counts_registration_stale()""",
    """CREATE FUNCTION onex_counts_via_registration_stale() RETURNS trigger AS $$
    BEGIN
        IF TG_OP <> 'DELETE' THEN
            UPDATE pilots_pilotcounts SET stale = true WHERE NOT stale AND pilot_id =
                (SELECT pilot_id FROM pilots_registration WHERE id = NEW.registration_id);
        END IF;
        IF TG_OP <> 'INSERT' THEN
            UPDATE pilots_pilotcounts SET stale = true WHERE NOT stale AND pilot_id =
                (SELECT pilot_id FROM pilots_registration WHERE id = OLD.registration_id);
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
]
for _table in _VIA_REGISTRATION:
    POSTGRES_CREATE.append(
        f"""CREATE TRIGGER onex_counts_{_table} AFTER INSERT OR UPDATE OR DELETE ON {_table}
            FOR EACH ROW EXECUTE FUNCTION onex_counts_via_registration_stale()"""
    )
POSTGRES_DROP = [
    *(f"DROP TRIGGER IF EXISTS onex_counts_{t} ON {t}" for t in _VIA_REGISTRATION),
    "DROP TRIGGER IF EXISTS onex_counts_registration ON pilots_registration",
    "DROP TRIGGER IF EXISTS onex_counts_pilot_insert ON pilots_pilot",
    "DROP FUNCTION IF EXISTS onex_counts_via_registration_stale()",
    "DROP FUNCTION IF EXISTS onex_counts_registration_stale()",
    "DROP FUNCTION IF EXISTS onex_counts_pilot_insert()",
]

# Existing pilots get a stale row, so the first read counts them.
BACKFILL = """INSERT INTO pilots_pilotcounts (pilot_id, registered, completed, passed, certified, stale)
    SELECT id, 0, 0, 0, 0, {true} FROM pilots_pilot"""


def create(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements, true = SQLITE_CREATE, "1"
    elif vendor == "postgresql":
        statements, true = POSTGRES_CREATE, "true"
    else:
        raise NotImplementedError(vendor)
    schema_editor.execute(BACKFILL.format(true=true))
    for sql in statements:
        schema_editor.execute(sql)


def drop(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in SQLITE_DROP if vendor == "sqlite" else POSTGRES_DROP:
        schema_editor.execute(sql)
