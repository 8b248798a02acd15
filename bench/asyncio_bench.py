"""The CPython asyncio side of go run ./bench: the same workloads as
bench/workloads.go, printed one per line as "name value unit".

Run alone with: python3 bench/asyncio_bench.py [-n 100000]
"""

import argparse
import asyncio
import gc
import os
import time


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def trivial():
    return None


async def spawn_gather(n):
    start = time.perf_counter()
    await asyncio.gather(*(trivial() for _ in range(n)))
    return time.perf_counter() - start


async def ping(n, inq, outq):
    for i in range(n):
        outq.put_nowait(i)
        await inq.get()


async def pong(n, inq, outq):
    for _ in range(n):
        v = await inq.get()
        outq.put_nowait(v)


async def ping_pong(n):
    a, b = asyncio.Queue(), asyncio.Queue()
    start = time.perf_counter()
    p = asyncio.create_task(pong(n, a, b))
    await ping(n, b, a)
    await p
    return time.perf_counter() - start


async def sleeper():
    await asyncio.sleep(3600)


async def sleepers(n):
    gc.collect()
    before = rss_bytes()
    start = time.perf_counter()
    tasks = [asyncio.create_task(sleeper()) for _ in range(n)]
    await asyncio.sleep(0)  # every sleeper runs to its sleep
    await asyncio.sleep(0)
    elapsed = time.perf_counter() - start
    gc.collect()
    grown = rss_bytes() - before
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return elapsed, grown


def best(f, n, runs=3):
    return min(asyncio.run(f(n)) for _ in range(runs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=100_000)
    n = ap.parse_args().n
    t = best(spawn_gather, n)
    print(f"spawn-gather {t * 1e9 / n:.0f} ns/task")
    t = best(ping_pong, n)
    print(f"queue-ping-pong {t * 1e9 / n:.0f} ns/round-trip")
    # Memory: one run in a fresh loop, RSS growth.
    elapsed, grown = asyncio.run(sleepers(n))
    print(f"sleepers-start {elapsed * 1e9 / n:.0f} ns/sleeper")
    print(f"sleepers-memory {grown / n:.0f} bytes/sleeper")


if __name__ == "__main__":
    main()
