"""Shared by the scripts: connect to the server given as argv[1] (port), print results in order.

Each script prints one line per observation, so the test can compare the output of a run against our
server with a run against redis-server line by line. Nothing printed depends on time or randomness.
"""
import sys

import redis


def connect(**kwargs):
    port = int(sys.argv[1])
    return redis.Redis(host="127.0.0.1", port=port, **kwargs)


def show(label, value):
    print(f"{label}: {value!r}")
