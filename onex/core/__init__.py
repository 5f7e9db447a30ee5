"""Core: the shared helpers every app builds on (access, roles, fields, spreadsheets, crypto, 拼音 sorting, ...).

Core imports no app of OneX."""
