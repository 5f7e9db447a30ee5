"""Demo data (演示数据) for OneX.

``manage.py load_demo`` fills the database with the demo institution GDMMNL,
whose 2023 facts reproduce those of a real college's annual report (from rows,
never from typed totals), plus invented but plausible data around it and a
second, smaller institution. Every invented name carries a 演示 marker or is
obviously fictitious; ID numbers use the 9xx sequence range.

The loader runs topic modules in a fixed order (see ``onex.demo.loader``).
An app may add its own ``onex/<app>/demo.py`` with ``load(institution)``;
it is called once per demo institution after the core data exists. Every step
is idempotent: it looks rows up by their natural keys and creates only what
is missing.
"""
