"""A real SMTP server on the loopback interface (aiosmtpd), keeping what it receives."""

import asyncio
import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """aiosmtpd handler: every accepted message, parsed; ``hold_after`` makes the server stop
    answering after that many messages until ``release()`` (a worker stuck mid-batch)."""

    def __init__(self, *, hold_after=None):
        self.messages = []
        self.hold_after = hold_after
        self.holding = threading.Event()
        self._lock = threading.Lock()
        self._released = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.hold_after is not None and len(self.messages) >= self.hold_after:
            self.holding.set()
            self._released = self._released or asyncio.Event()
            await self._released.wait()
            return "451 Try again later"
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def release(self, loop):
        self.hold_after = None
        if self._released is not None:
            loop.call_soon_threadsafe(self._released.set)

    def to(self, address):
        return [message for message in self.messages if address in message["To"]]


class SMTPServer:
    def __init__(self, *, hold_after=None):
        self.mailbox = Mailbox(hold_after=hold_after)
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.mailbox.release(self.controller.loop)
        self.controller.stop()

    def release(self):
        self.mailbox.release(self.controller.loop)

    @property
    def messages(self):
        return self.mailbox.messages

    def email_settings(self):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }
