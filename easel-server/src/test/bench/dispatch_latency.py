"""Submit-to-dispatch latency on an idle worker: submits one task at a time, waiting for each to
finish, then reads started_at - queued_at of every task from the API."""
import json, sys, time, urllib.request
from datetime import datetime

base = sys.argv[1]
count = int(sys.argv[2])
user = "latency-%d" % time.time()

def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", "X-Easel-User": user})
    with urllib.request.urlopen(request) as response:
        return json.load(response)

def millis(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000

latencies = []
for i in range(count):
    task = call("POST", "/v1/tasks", {"model": "timed", "params": {"prompt": "latency %d" % i, "steps": 1}})
    while True:
        view = call("GET", "/v1/tasks/" + task["id"])
        if view["status"] == "succeeded":
            break
        time.sleep(0.005)
    latencies.append(millis(view["started_at"]) - millis(view["queued_at"]))
latencies.sort()
pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
print("tasks %d  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms" % (len(latencies), pick(0.5), pick(0.9), pick(0.99), latencies[-1]))
