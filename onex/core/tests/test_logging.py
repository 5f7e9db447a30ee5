import io
import logging
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import SimpleTestCase

from testsupport.base import OneXTestCase, make_id_number

ID_NUMBER = "44098320000101900X"
PHONE = "13912345678"


@contextmanager
def captured(logger_name: str) -> Iterator[io.StringIO]:
    """What the handlers that a record of this logger reaches write, as configured by the settings."""
    out = io.StringIO()
    handlers = []
    logger: logging.Logger | None = logging.getLogger(logger_name)
    while logger is not None:
        handlers += [h for h in logger.handlers if isinstance(h, logging.StreamHandler)]
        logger = logger.parent if logger.propagate else None
    old = [h.setStream(out) for h in handlers]
    try:
        yield out
    finally:
        for handler, stream in zip(handlers, old, strict=True):
            handler.setStream(stream)


class LogMaskingTests(SimpleTestCase):
    def assert_masked(self, text: str) -> None:
        self.assertNotIn(ID_NUMBER, text)
        self.assertNotIn(ID_NUMBER.lower(), text)
        self.assertNotIn(PHONE, text)
        self.assertIn("440983********900X", text)
        self.assertIn("139****5678", text)

    def test_the_access_log_masks_an_id_number_and_a_phone_in_the_url(self):
        with captured("django.server") as out:
            logging.getLogger("django.server").info(
                '"%s" %s %s', f"GET /admin/org/student/?q={ID_NUMBER}&p={PHONE} HTTP/1.1", "200", "512"
            )
        self.assertIn("GET /admin/org/student/?q=", out.getvalue())
        self.assert_masked(out.getvalue())

    def test_request_errors_mask_them(self):
        with captured("django.request") as out:
            logging.getLogger("django.request").warning("Bad Request: /x/?q=%s&tel=%s", ID_NUMBER.lower(), PHONE)
        self.assertIn("Bad Request", out.getvalue())
        self.assertNotIn(ID_NUMBER.lower(), out.getvalue())
        self.assertNotIn(PHONE, out.getvalue())

    def test_any_other_logger_masks_them_in_the_message_and_the_traceback(self):
        name = f"anything.{uuid.uuid4().hex}"
        with captured(name) as out:
            try:
                raise ValueError(f"no student {ID_NUMBER} with phone {PHONE}")
            except ValueError:
                logging.getLogger(name).exception("lookup of %s by %s failed", ID_NUMBER, PHONE)
        self.assertIn("ValueError", out.getvalue())
        self.assert_masked(out.getvalue())

    def test_every_configured_handler_carries_the_mask(self):
        from onex.core.logging import MaskIdNumbersFilter, _all_handlers

        # pytest's own capture handlers are not the project's configuration.
        handlers = [h for h in _all_handlers() if not type(h).__module__.startswith("_pytest")]
        self.assertTrue(handlers)
        for handler in handlers:
            with self.subTest(handler=handler):
                self.assertTrue(any(isinstance(f, MaskIdNumbersFilter) for f in handler.filters))

    def test_longer_digit_runs_are_left_alone(self):
        from onex.core.logging import redact

        self.assertEqual(redact("order 1391234567890123456789"), "order 1391234567890123456789")


class _Server:
    """What the development server's request handler asks of its server."""

    base_environ = {"SERVER_NAME": "testserver", "SERVER_PORT": "80", "GATEWAY_INTERFACE": "CGI/1.1", "SCRIPT_NAME": ""}

    def get_app(self):
        return WSGIHandler()


@contextmanager
def connection_kept_open() -> Iterator[None]:
    """As Django's test client does: the test's transaction must outlive the request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class AccessLogOfAdminSearchTests(OneXTestCase):
    def test_a_search_by_full_id_number_leaves_no_unmasked_number_in_the_log(self):
        id_number = make_id_number(1)
        self.client.force_login(self.office)
        cookie = self.client.cookies["sessionid"].value
        ours, theirs = socket.socketpair()
        raw = (
            f"GET /admin/org/student/?q={id_number} HTTP/1.1\r\nHost: testserver\r\n"
            f"Cookie: sessionid={cookie}\r\nConnection: close\r\n\r\n"
        )
        ours.sendall(raw.encode())
        received = []
        reader = threading.Thread(target=lambda: received.append(b"".join(iter(lambda: ours.recv(65536), b""))))
        reader.start()
        with connection_kept_open(), captured("django.server") as out, captured("django.request") as out_request:
            WSGIRequestHandler(theirs, ("127.0.0.1", 50000), _Server())
            theirs.close()
            reader.join(timeout=30)
        ours.close()
        self.assertIn(b"200 OK", received[0].split(b"\r\n", 1)[0])
        log = out.getvalue() + out_request.getvalue()
        self.assertIn("GET /admin/org/student/?q=", log)
        self.assertNotIn(id_number, log)
        self.assertIn(id_number[:6] + "********" + id_number[-4:], log)


class CaptureOutsideTheConfigurationTests(SimpleTestCase):
    def test_a_handler_added_after_configuration_gets_masked_records_too(self):
        with self.assertLogs("anything.later", level="WARNING") as logs:
            logging.getLogger("anything.later").warning("student %s, phone %s", ID_NUMBER, PHONE)
        self.assertEqual(logs.records[0].getMessage(), "student 440983********900X, phone 139****5678")
