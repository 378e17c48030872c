"""Pipelines: plain batches, MULTI/EXEC transactions, optimistic locking with WATCH (retrying on
conflict), and errors inside a pipeline."""
from common import connect, show

import redis

r = connect(decode_responses=True)
r.flushdb()

# A plain (non-transactional) pipeline: one round trip, replies in order.
p = r.pipeline(transaction=False)
for i in range(100):
    p.set(f"item:{i}", i)
p.incr("counter")
p.incrby("counter", 10)
p.get("item:42")
res = p.execute()
show("batch size", len(res))
show("batch tail", res[-3:])

# A transaction.
with r.pipeline() as p:
    p.multi()
    p.set("account:a", 100)
    p.set("account:b", 50)
    p.incrby("account:a", -30)
    p.incrby("account:b", 30)
    show("transaction", p.execute())


# Optimistic locking: move money only if nobody touched the balances meanwhile.
def transfer(pipe):
    a = int(pipe.get("account:a"))
    b = int(pipe.get("account:b"))
    pipe.multi()
    pipe.set("account:a", a - 10)
    pipe.set("account:b", b + 10)


show("watched transfer", r.transaction(transfer, "account:a", "account:b"))
show("balances", r.mget("account:a", "account:b"))

# A conflicting write between WATCH and EXEC aborts the transaction.
other = connect(decode_responses=True)
with r.pipeline() as p:
    p.watch("account:a")
    p.multi()
    p.incr("account:a")
    other.set("account:a", 0)
    try:
        p.execute()
        show("conflict", "not detected")
    except redis.WatchError:
        show("conflict", "WatchError")
show("after conflict", r.get("account:a"))

# Errors inside a pipeline: returned in place, or raised.
p = r.pipeline(transaction=False)
p.set("text", "abc")
p.incr("text")
p.get("text")
res = p.execute(raise_on_error=False)
show("errors in place", [type(x).__name__ if isinstance(x, Exception) else x for x in res])
show("error text", str(res[1]))
try:
    r.pipeline(transaction=False).incr("text").execute()
except redis.ResponseError as e:
    show("raised", str(e))

# Queue-time errors abort a transaction.
try:
    with r.pipeline() as p:
        p.set("t", 1)
        p.execute_command("SET", "only-key")
        p.execute()
except redis.ResponseError as e:
    show("execabort", str(e).split(";")[0])
show("t untouched", r.exists("t"))
other.close()
r.close()
