"""Backups of the whole database, and restoring one.

SQLite uses its online backup API (consistent while others write); PostgreSQL
uses pg_dump's custom format and pg_restore. The keys folder is not in the
database and must be backed up with the file system (see README).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def _pg_env() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", s["HOST"]]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"未找到 {name}：请安装 PostgreSQL 客户端工具（Debian: postgresql-client）。")
    return path


def backup_write(*, output: Path) -> Path:
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".part")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(tmp)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env()
        result = subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(tmp), *args],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            tmp.unlink(missing_ok=True)
            raise BackupError("pg_dump 失败：" + result.stderr.strip())
    else:
        raise BackupError(f"不支持的数据库：{connection.vendor}")
    # Only a complete file ever carries the final name.
    tmp.replace(output)
    return output


def backup_restore(*, source: Path) -> None:
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"找不到备份文件：{source}")
    if connection.vendor == "sqlite":
        with open(source, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise BackupError("这不是 SQLite 备份文件。")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            src.backup(connection.connection)
        finally:
            src.close()
    elif connection.vendor == "postgresql":
        with open(source, "rb") as fh:
            if fh.read(5) != b"PGDMP":
                raise BackupError("这不是 pg_dump 自定义格式的备份文件。")
        connection.close()
        args, env = _pg_env()
        result = subprocess.run(
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(source)],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError("pg_restore 失败：" + result.stderr.strip())
    else:
        raise BackupError(f"不支持的数据库：{connection.vendor}")
