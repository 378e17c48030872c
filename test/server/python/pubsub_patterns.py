"""Pub/sub with patterns: a subscriber on a channel and a pattern, messages from another connection,
delivery counts, and unsubscribing."""
from common import connect, show

r = connect(decode_responses=True)
sub = connect(decode_responses=True).pubsub()
sub.subscribe("alerts")
sub.psubscribe("news.*")


def drain():
    out = []
    while True:
        m = sub.get_message(timeout=0.5)
        if m is None:
            return out
        out.append((m["type"], m.get("pattern"), m["channel"], m["data"]))


show("subscribed", drain())
show("publish alerts", r.publish("alerts", "fire"))
show("publish news.tech", r.publish("news.tech", "release"))
show("publish news", r.publish("news", "ignored"))
show("publish other", r.publish("weather", "sun"))
show("received", drain())
show("numsub", r.pubsub_numsub("alerts", "news.tech"))
show("numpat", r.pubsub_numpat())
show("channels", sorted(r.pubsub_channels()))
sub.punsubscribe("news.*")
show("after punsubscribe", drain())
show("publish news.tech again", r.publish("news.tech", "late"))
sub.unsubscribe()
show("after unsubscribe", drain())
sub.close()
r.close()
