#!/usr/bin/env python3
"""Floods a running server with API token mints as one user can, and prints its data directory's size.

Three clients log in as one user and mint API tokens as fast as the server answers, each new token minting the
next (each brings a fresh quota), and at the per-user limit revoke their newest token and mint again: the most
storage churn one user can cause. Every 15 s it prints the data directory's size and the counts of answers.
Loopback only; it stops by itself after the given time.

    XIQ_AUTH_BOOTSTRAP_USERNAME=flood@example.com XIQ_AUTH_BOOTSTRAP_PASSWORD='a long flood passphrase' \\
      api-server/target/xiq-auth-server/bin/xiq-auth-server --data-dir /tmp/flood --port 18081 &
    benchmark/flood/api-token-churn.py 18081 240 /tmp/flood flood@example.com 'a long flood passphrase'
"""
import http.client
import json
import os
import sys
import threading
import time

PORT, SECONDS, DATA, USERNAME, PASSWORD = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
CLIENTS = 3


def call(conn, method, path, body=None, token=None):
    headers = {"Content-Type": "application/json"} if body is not None else {"Content-Length": "0"}
    if token:
        headers["Authorization"] = "Bearer " + token
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


status, body = call(http.client.HTTPConnection("127.0.0.1", PORT, timeout=30), "POST", "/login",
                    {"username": USERNAME, "password": PASSWORD})
if status != 200:
    sys.exit(f"login answered {status}: {body[:200]!r}")
login = json.loads(body)["access_token"]
counts = {"minted": 0, "revoked": 0, "other": {}}
lock = threading.Lock()
deadline = time.time() + SECONDS


def client():
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    chain = [login]
    while time.time() < deadline:
        status, body = call(conn, "POST", "/auth/apitoken", {"permissions": ["token:new", "device:r"]},
                            chain[-1])
        if status == 200:
            chain.append(json.loads(body)["access_token"])
            with lock:
                counts["minted"] += 1
        elif status == 403 and len(chain) > 1:
            call(conn, "POST", "/logout", None, chain.pop())
            with lock:
                counts["revoked"] += 1
        else:
            with lock:
                counts["other"][status] = counts["other"].get(status, 0) + 1
            if len(chain) > 1:
                chain.pop()
            else:
                time.sleep(0.1)


def size_of(directory):
    return sum(os.path.getsize(os.path.join(root, name)) for root, _, names in os.walk(directory) for name in names)


threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
for thread in threads:
    thread.start()
started = time.time()
while any(thread.is_alive() for thread in threads):
    time.sleep(15)
    with lock:
        print(f"{time.time() - started:5.0f} s: data dir {size_of(DATA) / 1e6:8.1f} MB, minted {counts['minted']}, "
              f"revoked {counts['revoked']}, other answers {counts['other']}", flush=True)
