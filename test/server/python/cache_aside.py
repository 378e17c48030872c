"""Cache-aside: read through the cache, fill it from the "database" on a miss with a TTL, invalidate
on writes, count hits and misses, and fall back to the database when the cached value is stale."""
import json

from common import connect, show

DATABASE = {
    "user:1": {"name": "Ada", "langs": ["en", "fr"]},
    "user:2": {"name": "Grace", "langs": ["en"]},
}
loads = []


def load_from_db(key):
    loads.append(key)
    return DATABASE.get(key)


def get_user(r, key):
    cached = r.get(f"cache:{key}")
    if cached is not None:
        r.incr("stats:hits")
        return json.loads(cached)
    r.incr("stats:misses")
    value = load_from_db(key)
    if value is not None:
        r.set(f"cache:{key}", json.dumps(value, sort_keys=True), ex=300)
    else:
        # Negative caching: remember the miss briefly so the database is not hammered.
        r.set(f"cache:{key}", json.dumps(None), ex=30)
    return value


def update_user(r, key, value):
    DATABASE[key] = value
    r.delete(f"cache:{key}")


r = connect(decode_responses=True)
r.flushdb()
show("first read", get_user(r, "user:1"))
show("second read", get_user(r, "user:1"))
show("missing", get_user(r, "user:404"))
show("missing again", get_user(r, "user:404"))
show("ttl in range", 290 < r.ttl("cache:user:1") <= 300)
show("negative ttl in range", 20 < r.ttl("cache:user:404") <= 30)
update_user(r, "user:1", {"name": "Ada L.", "langs": ["en"]})
show("after update", get_user(r, "user:1"))
show("cached json", r.get("cache:user:1"))
show("loads", loads)
show("hits", r.get("stats:hits"))
show("misses", r.get("stats:misses"))
show("mget", r.mget(["cache:user:1", "cache:user:2", "cache:user:404"]))
r.set("cache:user:2", "x", px=1)
import time

time.sleep(0.05)
show("expired", r.get("cache:user:2"))
show("exists", r.exists("cache:user:1", "cache:user:2"))
show("keys", sorted(r.scan_iter("cache:*")))
r.close()
