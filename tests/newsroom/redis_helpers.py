"""A real Redis for tests, shared with everyone else's: each test keeps to keys of its own."""

import socket

REDIS = ("127.0.0.1", 6379)
REDIS_URL = f"redis://{REDIS[0]}:{REDIS[1]}/15"


def redis_answers():
    try:
        with socket.create_connection(REDIS, timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def delete_keys_with_prefix(cache, prefix):
    """Delete this test's keys, and only them: never FLUSHDB a Redis others are using."""
    client = cache._cache.get_client(write=True)
    names = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if names:
        client.delete(*names)
