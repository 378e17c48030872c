"""Streams with a consumer group: producers XADD, two consumers XREADGROUP, one acknowledges, the
other's pending entries are claimed with XAUTOCLAIM after they went idle. Entry IDs are explicit so
the output does not depend on the clock."""
import time

from common import connect, show

r = connect(decode_responses=True)
r.flushdb()
for i in range(1, 7):
    r.xadd("orders", {"order": f"o{i}", "qty": str(i)}, id=f"1-{i}")
show("length", r.xlen("orders"))
show("group", r.xgroup_create("orders", "workers", id="0"))
show("alice reads", r.xreadgroup("workers", "alice", {"orders": ">"}, count=2))
show("bob reads", r.xreadgroup("workers", "bob", {"orders": ">"}, count=3))
show("alice acks", r.xack("orders", "workers", "1-1", "1-2"))
pending = r.xpending("orders", "workers")
show("pending summary", (pending["pending"], pending["min"], pending["max"], sorted((c["name"], c["pending"]) for c in pending["consumers"])))
time.sleep(0.2)
claimed = r.xautoclaim("orders", "workers", "carol", min_idle_time=100, start_id="0-0", count=10)
show("carol claims", claimed[:2])
show("carol acks", r.xack("orders", "workers", *[e[0] for e in claimed[1]]))
show("rest", r.xreadgroup("workers", "alice", {"orders": ">"}))
show("pending after", r.xpending("orders", "workers")["pending"])
show("range", r.xrange("orders", "1-5", "+"))
show("trim", r.xtrim("orders", maxlen=2, approximate=False))
show("info groups", [(g["name"], g["consumers"], g["pending"]) for g in r.xinfo_groups("orders")])
r.close()
