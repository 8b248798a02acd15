# The programs of queue_test.go and sync_test.go in CPython asyncio. Run one
# by name; it prints one line per event:
#
#     python3 testdata/asyncio_sync.py lock_fifo
#
# The wanted lines in synctrace_test.go are what CPython 3.11 prints, and
# 3.13 for the programs marked there (Queue.shutdown; the Condition fix that
# passes on a notification whose waiter was cancelled). TestSyncMatchesCPython
# runs this file with python3 when it is installed.
import asyncio, sys

log = []
def L(s): log.append(s)

def out(name, e):
    if isinstance(e, asyncio.CancelledError):
        return f"{name} cancelled"
    return f"{name} {type(e).__name__}"

async def settle():
    for _ in range(5): await asyncio.sleep(0)

async def getter(q, name):
    L(f"{name} waits")
    try:
        v = await q.get()
        L(f"{name} got {v}")
    except BaseException as e:
        L(out(name, e))

async def putter(q, name, v):
    L(f"{name} puts {v}")
    try:
        await q.put(v)
        L(f"{name} put {v}")
    except BaseException as e:
        L(out(name, e))

async def holder(lk, name, hold):
    L(f"{name} acquires")
    try:
        await lk.acquire()
    except BaseException as e:
        L(out(name, e)); return
    L(f"{name} holds")
    for _ in range(hold): await asyncio.sleep(0)
    lk.release(); L(f"{name} releases")

async def cond_waiter(c, name, pred=None):
    await c.acquire()
    L(f"{name} waits")
    try:
        if pred: await c.wait_for(pred)
        else: await c.wait()
        L(f"{name} woke locked={c.locked()}")
    except BaseException as e:
        L(out(name, e) + f" locked={c.locked()}")
    c.release()

async def getters_fifo():
    q = asyncio.Queue()
    ts = [asyncio.create_task(getter(q, n)) for n in "abc"]
    await asyncio.sleep(0)
    for i in range(3):
        q.put_nowait(i); L(f"put {i}")
    await settle()

async def putters_fifo():
    q = asyncio.Queue(1); q.put_nowait(0)
    ts = [asyncio.create_task(putter(q, n, i+1)) for i, n in enumerate("abc")]
    await asyncio.sleep(0)
    for i in range(4):
        L(f"got {await q.get()}")
    await settle()

async def getter_cancelled_after_chosen():
    q = asyncio.Queue()
    ta = asyncio.create_task(getter(q, "a")); tb = asyncio.create_task(getter(q, "b"))
    await asyncio.sleep(0)
    q.put_nowait(1); ta.cancel(); L("put 1, cancel a")
    await asyncio.sleep(0); L("main")
    await settle(); L(f"len {q.qsize()}")

async def getter_cancelled_waiting():
    q = asyncio.Queue()
    ta = asyncio.create_task(getter(q, "a")); tb = asyncio.create_task(getter(q, "b"))
    await asyncio.sleep(0)
    ta.cancel(); q.put_nowait(1); L("cancel a, put 1")
    await asyncio.sleep(0); L("main")
    await settle(); L(f"len {q.qsize()}")

async def getter_cancelled_twice():
    q = asyncio.Queue()
    ts = [asyncio.create_task(getter(q, n)) for n in "abcd"]
    await asyncio.sleep(0)
    ts[0].cancel(); ts[0].cancel(); q.put_nowait(1); L("cancel a twice, put 1")
    await settle(); q.put_nowait(2); L("put 2")
    await settle(); q.put_nowait(3); L("put 3")
    await settle(); L(f"len {q.qsize()}")

async def putter_cancelled_after_chosen():
    q = asyncio.Queue(1); q.put_nowait(0)
    ta = asyncio.create_task(putter(q, "a", 1)); tb = asyncio.create_task(putter(q, "b", 2))
    await asyncio.sleep(0)
    L(f"got {q.get_nowait()}"); ta.cancel(); L("cancel a")
    await asyncio.sleep(0); L("main")
    await settle(); L(f"got {q.get_nowait()}"); L(f"len {q.qsize()}")

async def shutdown(immediate):
    q = asyncio.Queue(2)
    q.put_nowait(1); q.put_nowait(2)
    tp = asyncio.create_task(putter(q, "p", 3))
    async def joiner():
        await q.join(); L("joined")
    tj = asyncio.create_task(joiner())
    await asyncio.sleep(0)
    q.shutdown(immediate); L(f"shutdown {immediate}")
    tg = [asyncio.create_task(getter(q, n)) for n in "abc"]
    await settle()
    L(f"len {q.qsize()}")
    tj.cancel()

async def shutdown_wakes_getters():
    q = asyncio.Queue()
    tg = [asyncio.create_task(getter(q, n)) for n in "ab"]
    await asyncio.sleep(0)
    q.shutdown(); L("shutdown")
    await settle()

async def join():
    q = asyncio.Queue()
    for i in range(3): q.put_nowait(i)
    async def worker():
        for _ in range(3):
            v = await q.get()
            L(f"work {v}"); await asyncio.sleep(0); q.task_done()
    async def joiner(name):
        await q.join(); L(f"{name} joined")
    tw = asyncio.create_task(worker())
    tj = [asyncio.create_task(joiner(n)) for n in "ab"]
    await settle(); await settle()

async def join_cancelled():
    q = asyncio.Queue()
    q.put_nowait(1)
    async def joiner(name):
        try:
            await q.join(); L(f"{name} joined")
        except BaseException as e:
            L(out(name, e))
    ts = [asyncio.create_task(joiner(n)) for n in "ab"]
    await asyncio.sleep(0)
    ts[0].cancel(); q.get_nowait(); q.task_done()
    await settle()

async def lock_fifo():
    lk = asyncio.Lock()
    ts = [asyncio.create_task(holder(lk, n, 1)) for n in "abcd"]
    await settle(); await settle()
    L(f"locked {lk.locked()}")

async def lock_cancel_after_chosen():
    lk = asyncio.Lock()
    await lk.acquire()
    tb = asyncio.create_task(holder(lk, "b", 1)); tc = asyncio.create_task(holder(lk, "c", 1))
    await asyncio.sleep(0)
    lk.release(); tb.cancel(); L("release, cancel b")
    await asyncio.sleep(0); L("main")
    await settle(); L(f"locked {lk.locked()}")

async def lock_cancel_waiting():
    lk = asyncio.Lock()
    await lk.acquire()
    tb = asyncio.create_task(holder(lk, "b", 1)); tc = asyncio.create_task(holder(lk, "c", 1))
    await asyncio.sleep(0)
    tb.cancel(); lk.release(); L("cancel b, release")
    await asyncio.sleep(0); L("main")
    await asyncio.sleep(0); L("main")
    await settle(); L(f"locked {lk.locked()}")

async def sem_fifo():
    s = asyncio.Semaphore(2)
    ts = [asyncio.create_task(holder(s, n, 1)) for n in "abcde"]
    await settle(); await settle()
    L(f"locked {s.locked()}")

async def sem_cancel_after_chosen():
    s = asyncio.Semaphore(0)
    tb = asyncio.create_task(holder(s, "b", 1)); tc = asyncio.create_task(holder(s, "c", 1))
    await asyncio.sleep(0)
    s.release(); tb.cancel(); L("release, cancel b")
    await asyncio.sleep(0); L("main")
    await settle(); L(f"locked {s.locked()} value {s._value}")

async def event():
    e = asyncio.Event()
    async def waiter(name):
        L(f"{name} waits"); await e.wait(); L(f"{name} done")
    ts = [asyncio.create_task(waiter(n)) for n in "abc"]
    await asyncio.sleep(0)
    e.set(); e.clear(); L("set, clear")
    await settle()
    tl = asyncio.create_task(waiter("d"))
    await settle()
    e.set(); L("set"); await settle()
    L(f"is set {e.is_set()}")
    await e.wait()

async def event_cancelled():
    e = asyncio.Event()
    async def waiter(name):
        try:
            await e.wait(); L(f"{name} done")
        except BaseException as x:
            L(out(name, x))
    ts = [asyncio.create_task(waiter(n)) for n in "ab"]
    await asyncio.sleep(0)
    ts[0].cancel(); e.set()
    await settle()

async def cond_notify():
    c = asyncio.Condition()
    ts = [asyncio.create_task(cond_waiter(c, n)) for n in "abcd"]
    await settle()
    async with c:
        c.notify(1); L("notify 1")
        await asyncio.sleep(0); L("main holds")
    await settle()
    async with c:
        c.notify_all(); L("notify all")
    await settle()

async def cond_cancel_reacquires():
    c = asyncio.Condition()
    ta = asyncio.create_task(cond_waiter(c, "a"))
    await settle()
    await c.acquire(); L("main acquired")
    ta.cancel(); L("cancel a")
    await settle(); L("main releases")
    c.release()
    await settle()
    L(f"locked {c.locked()}")

async def cond_cancel_while_relock():
    lk = asyncio.Lock()
    c = asyncio.Condition(lk)
    ta = asyncio.create_task(cond_waiter(c, "a"))
    await settle()
    await lk.acquire()
    c.notify(1); L("notify")
    tb = asyncio.create_task(holder(lk, "b", 1))
    await settle()
    ta.cancel(); L("cancel a")
    await settle()
    L("main releases"); lk.release()
    await settle()
    L(f"locked {lk.locked()}")

async def cond_notified_cancelled():
    c = asyncio.Condition()
    ts = [asyncio.create_task(cond_waiter(c, n)) for n in "ab"]
    await settle()
    async with c:
        c.notify(1); ts[0].cancel(); L("notify 1, cancel a")
    await settle()

async def cond_notified_cancelled_relocking():
    c = asyncio.Condition()
    ts = [asyncio.create_task(cond_waiter(c, n)) for n in "ab"]
    await settle()
    await c.acquire()
    c.notify(1); L("notify 1")
    await settle()
    ts[0].cancel(); L("cancel a")
    await settle()
    L("main releases"); c.release()
    await settle()
    L(f"b done {ts[1].done()}")
    ts[1].cancel()
    await settle()

async def cond_wait_for():
    c = asyncio.Condition()
    state = [0]
    ta = asyncio.create_task(cond_waiter(c, "a", lambda: state[0] >= 2))
    await settle()
    for i in range(3):
        async with c:
            state[0] += 1; c.notify_all(); L(f"state {state[0]}")
        await settle()

async def barrier_waiter(b, name, delay=0):
    for _ in range(delay): await asyncio.sleep(0)
    L(f"{name} arrives")
    try:
        i = await b.wait(); L(f"{name} index {i}")
    except BaseException as e:
        L(out(name, e))

async def barrier_rounds():
    b = asyncio.Barrier(3)
    ts = [asyncio.create_task(barrier_waiter(b, n)) for n in "abcdef"]
    await settle(); await settle()
    L(f"waiting {b.n_waiting}")

async def barrier_draining():
    b = asyncio.Barrier(2)
    ts = [asyncio.create_task(barrier_waiter(b, n, d)) for n, d in (("a", 0), ("b", 1), ("c", 1), ("d", 2))]
    await settle(); await settle()

async def barrier_abort_reset():
    b = asyncio.Barrier(3)
    w = lambda n: asyncio.create_task(barrier_waiter(b, n))
    ts = [w(n) for n in "ab"]
    await settle()
    await b.reset(); L(f"reset broken={b.broken}")
    await settle()
    ts = [w(n) for n in "cd"]
    await settle()
    await b.abort(); L(f"abort broken={b.broken}")
    await settle()
    ts = [w("e")]
    await settle()
    await b.reset(); L(f"reset broken={b.broken}")
    ts = [w(n) for n in "fgh"]
    await settle()

async def barrier_cancel():
    b = asyncio.Barrier(3)
    w = lambda n: asyncio.create_task(barrier_waiter(b, n))
    ta = w("a"); tb = w("b")
    await settle()
    tb.cancel(); L("cancel b")
    await settle(); L(f"waiting {b.n_waiting}")
    ts = [w(n) for n in "cd"]
    await settle()

fn = globals()[sys.argv[1]]
asyncio.run(fn(*[a == "True" for a in sys.argv[2:]]))
for s in log: print(s)
