# Programs for the synchronization primitives' order and cancellation,
# run by TestSyncMoreMatchesCPython: each prints "== name" and its trace,
# which the Go scenario of the same name in synctrace_more_test.go must
# reproduce. Run: python3 testdata/asyncio_sync_more.py [name[:True|False] ...]
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

async def barrier_waiter(b, name, delay=0):
    for _ in range(delay): await asyncio.sleep(0)
    L(f"{name} arrives")
    try:
        i = await b.wait(); L(f"{name} index {i}")
    except BaseException as e:
        L(out(name, e))

# ---- scenarios

async def q_both_waiting():
    q = asyncio.Queue(1)
    ts = [asyncio.create_task(getter(q, n)) for n in "ab"]
    await asyncio.sleep(0)
    q.put_nowait(1); L("put 1")
    ts += [asyncio.create_task(putter(q, n, v)) for n, v in (("p", 2), ("r", 3))]
    await asyncio.sleep(0); L("main")
    await settle(); L(f"len {q.qsize()}")

async def q_both_waiting_cancel():
    # getters a,b,c waiting; put 1 wakes a; putters p (2) r (3) wait on full queue;
    # a runs, gets 1, wakes p; cancel p (chosen) and b (waiting) in the same pass
    q = asyncio.Queue(1)
    ts = [asyncio.create_task(getter(q, n)) for n in "abc"]
    await asyncio.sleep(0)
    q.put_nowait(1); L("put 1")
    tp = asyncio.create_task(putter(q, "p", 2)); tr = asyncio.create_task(putter(q, "r", 3))
    await asyncio.sleep(0); L("main")
    tp.cancel(); ts[1].cancel(); L("cancel p, b")
    await asyncio.sleep(0); L("main")
    await settle(); L(f"len {q.qsize()}")

async def q_both_waiting2():
    q = asyncio.Queue(1)
    ts = [asyncio.create_task(getter(q, n)) for n in "abc"]
    await asyncio.sleep(0)
    q.put_nowait(1); ts[0].cancel(); L("put 1, cancel a")
    tp = [asyncio.create_task(putter(q, n, v)) for n, v in (("p", 2), ("r", 3), ("s", 4))]
    await asyncio.sleep(0); L("main")
    tp[0].cancel(); L("cancel p")
    await asyncio.sleep(0); L("main")
    tp[1].cancel(); L("cancel r")
    await settle(); L(f"len {q.qsize()}")
    while not q.empty(): L(f"got {q.get_nowait()}")

async def q_stolen():
    q = asyncio.Queue()
    ts = [asyncio.create_task(getter(q, n)) for n in "ab"]
    await asyncio.sleep(0)
    q.put_nowait(1); L(f"put 1, main took {q.get_nowait()}")
    q.put_nowait(2); L("put 2")
    await asyncio.sleep(0); L("main")
    q.put_nowait(3); L("put 3")
    await settle(); L(f"len {q.qsize()}")

async def q_put_stolen():
    q = asyncio.Queue(1); q.put_nowait(0)
    ts = [asyncio.create_task(putter(q, n, v)) for n, v in (("a", 1), ("b", 2))]
    await asyncio.sleep(0)
    L(f"got {q.get_nowait()}"); q.put_nowait(9); L("main put 9")
    L(f"got {q.get_nowait()}")
    await asyncio.sleep(0); L("main")
    await settle(); L(f"len {q.qsize()}")
    while not q.empty(): L(f"got {q.get_nowait()}")

async def q_taskdone_extra():
    q = asyncio.Queue()
    q.put_nowait(1); q.put_nowait(2)
    async def joiner(name):
        await q.join(); L(f"{name} joined")
    tj = asyncio.create_task(joiner("j"))
    await asyncio.sleep(0)
    q.get_nowait(); q.get_nowait()
    q.task_done(); q.task_done(); L("done 2")
    try: q.task_done(); L("done 3 ok")
    except ValueError as e: L("done 3 ValueError")
    q.put_nowait(3); L("put 3")
    tk = asyncio.create_task(joiner("k"))
    await settle()
    q.get_nowait(); q.task_done(); L("done 3")
    await settle()

async def q_lifo_waiters():
    q = asyncio.LifoQueue(2)
    q.put_nowait(1); q.put_nowait(2)
    ts = [asyncio.create_task(putter(q, n, v)) for n, v in (("a", 3), ("b", 4))]
    await asyncio.sleep(0)
    L(f"got {q.get_nowait()}"); L(f"got {q.get_nowait()}")
    await settle()
    while not q.empty(): L(f"got {q.get_nowait()}")

async def q_shutdown_putters(immediate=False):
    q = asyncio.Queue(1); q.put_nowait(0)
    ts = [asyncio.create_task(putter(q, n, v)) for n, v in (("a", 1), ("b", 2))]
    await asyncio.sleep(0)
    L(f"got {q.get_nowait()}")  # wakes a
    q.shutdown(immediate); L(f"shutdown {immediate}")
    await settle(); L(f"len {q.qsize()}")
    gs = [asyncio.create_task(getter(q, n)) for n in "cd"]
    await settle()

async def lock_newcomer():
    lk = asyncio.Lock()
    await lk.acquire()
    tb = asyncio.create_task(holder(lk, "b", 1))
    await asyncio.sleep(0)
    lk.release(); L("release")
    await lk.acquire(); L("main holds")
    lk.release()
    await settle(); L(f"locked {lk.locked()}")

async def lock_newcomer_cancelled():
    lk = asyncio.Lock()
    await lk.acquire()
    tb = asyncio.create_task(holder(lk, "b", 1)); tc = asyncio.create_task(holder(lk, "c", 1))
    await asyncio.sleep(0)
    tb.cancel(); tc.cancel(); lk.release(); L("cancel b c, release")
    await lk.acquire(); L("main holds")
    td = asyncio.create_task(holder(lk, "d", 1))
    await asyncio.sleep(0); L("main")
    lk.release(); L("main releases")
    await settle(); L(f"locked {lk.locked()}")

async def lock_chosen_cancel_newcomer():
    lk = asyncio.Lock()
    await lk.acquire()
    tb = asyncio.create_task(holder(lk, "b", 1)); tc = asyncio.create_task(holder(lk, "c", 1))
    await asyncio.sleep(0)
    lk.release(); tb.cancel(); L("release, cancel b")
    td = asyncio.create_task(holder(lk, "d", 1))
    await settle(); L(f"locked {lk.locked()}")

async def sem_newcomer():
    s = asyncio.Semaphore(1)
    await s.acquire()
    ts = [asyncio.create_task(holder(s, n, 2)) for n in "bc"]
    await asyncio.sleep(0)
    s.release(); L(f"release locked={s.locked()}")
    await s.acquire(); L("main holds")
    s.release(); L("main releases")
    await settle(); L(f"locked {s.locked()} value {s._value}")

async def sem_two_chosen_cancel():
    s = asyncio.Semaphore(0)
    ts = [asyncio.create_task(holder(s, n, 1)) for n in "abcd"]
    await asyncio.sleep(0)
    s.release(); s.release(); ts[0].cancel(); ts[2].cancel(); L("release 2, cancel a c")
    td = asyncio.create_task(holder(s, "e", 1))
    await asyncio.sleep(0); L(f"main locked={s.locked()}")
    await settle(); L(f"locked {s.locked()} value {s._value}")

async def sem_release_extra():
    s = asyncio.Semaphore(0)
    ts = [asyncio.create_task(holder(s, n, 1)) for n in "ab"]
    await asyncio.sleep(0)
    s.release(); s.release(); s.release(); L("release 3")
    tc = asyncio.create_task(holder(s, "c", 1))
    await settle(); L(f"locked {s.locked()} value {s._value}")

async def bsem_over():
    s = asyncio.BoundedSemaphore(1)
    await s.acquire()
    tb = asyncio.create_task(holder(s, "b", 1))
    await asyncio.sleep(0)
    s.release(); L("release")
    try: s.release(); L("release 2 ok")
    except ValueError: L("release 2 ValueError")
    tb.cancel(); L("cancel b")
    await settle(); L(f"locked {s.locked()} value {s._value}")
    try: s.release(); L("release 3 ok")
    except ValueError: L("release 3 ValueError")

async def event_set_cancel():
    e = asyncio.Event()
    async def w(name):
        L(f"{name} waits")
        try: await e.wait(); L(f"{name} done")
        except BaseException as x: L(out(name, x))
    ts = [asyncio.create_task(w(n)) for n in "abc"]
    await asyncio.sleep(0)
    ts[0].cancel(); e.set(); ts[2].cancel(); e.clear(); L("cancel a, set, cancel c, clear")
    await settle(); L(f"is set {e.is_set()}")

async def cond_notify_cancel_same_pass():
    c = asyncio.Condition()
    ts = [asyncio.create_task(cond_waiter(c, n)) for n in "abcd"]
    await settle()
    async with c:
        ts[0].cancel(); c.notify(2); ts[2].cancel(); L("cancel a, notify 2, cancel c")
    await settle()
    async with c:
        c.notify_all(); L("notify all")
    await settle()

async def cond_relock_chosen_cancel():
    lk = asyncio.Lock()
    c = asyncio.Condition(lk)
    ta = asyncio.create_task(cond_waiter(c, "a"))
    await settle()
    await lk.acquire()
    c.notify(1); L("notify")
    tb = asyncio.create_task(holder(lk, "b", 1))
    await settle()
    lk.release(); ta.cancel(); L("release, cancel a")
    await settle(); L(f"locked {lk.locked()}")

async def cond_relock_cancel_twice():
    lk = asyncio.Lock()
    c = asyncio.Condition(lk)
    ts = [asyncio.create_task(cond_waiter(c, n)) for n in "ax"]
    await settle()
    await lk.acquire()
    c.notify(1); L("notify")
    tb = asyncio.create_task(holder(lk, "b", 1))
    await settle()
    ts[0].cancel(); L("cancel a")
    await asyncio.sleep(0)
    ts[0].cancel(); L("cancel a again")
    await asyncio.sleep(0)
    lk.release(); L("main releases")
    await settle(); L(f"locked {lk.locked()}")
    async with c:
        c.notify_all(); L("notify all")
    await settle()

async def cond_wait_for_all():
    c = asyncio.Condition()
    st = [0]
    ts = [asyncio.create_task(cond_waiter(c, n, lambda: st[0] > 0)) for n in "ab"]
    ts += [asyncio.create_task(cond_waiter(c, "x"))]
    await settle()
    async with c:
        st[0] = 1; c.notify_all(); L("notify all")
        ts[0].cancel(); L("cancel a")
    await settle()

async def barrier_cancel_released():
    b = asyncio.Barrier(3)
    w = lambda n, d=0: asyncio.create_task(barrier_waiter(b, n, d))
    ts = [w(n) for n in "ab"]
    await settle()
    tc = w("c"); te = w("e", 1)
    await asyncio.sleep(0)
    ts[0].cancel(); L(f"cancel a n_waiting={b.n_waiting}")
    await settle(); L(f"waiting {b.n_waiting}")
    ts = [w(n) for n in "fg"]
    await settle(); L(f"waiting {b.n_waiting}")

async def barrier_cancel_blocked():
    b = asyncio.Barrier(2)
    w = lambda n, d=0: asyncio.create_task(barrier_waiter(b, n, d))
    ts = [w("a"), w("b", 1), w("c", 1), w("d", 1)]
    await asyncio.sleep(0); await asyncio.sleep(0)
    L("main")
    ts[2].cancel(); L("cancel c")
    await settle(); L(f"waiting {b.n_waiting}")

async def barrier_reset_draining():
    b = asyncio.Barrier(2)
    w = lambda n, d=0: asyncio.create_task(barrier_waiter(b, n, d))
    ts = [w("a"), w("b", 1), w("c", 1)]
    await asyncio.sleep(0); await asyncio.sleep(0)
    L("main")
    await b.reset(); L(f"reset broken={b.broken}")
    await settle(); L(f"waiting {b.n_waiting}")
    ts = [w("d")]
    await settle(); L(f"waiting {b.n_waiting}")

async def barrier_abort_draining():
    b = asyncio.Barrier(2)
    w = lambda n, d=0: asyncio.create_task(barrier_waiter(b, n, d))
    ts = [w("a"), w("b", 1), w("c", 1)]
    await asyncio.sleep(0); await asyncio.sleep(0)
    L("main")
    await b.abort(); L(f"abort broken={b.broken}")
    await settle(); L(f"waiting {b.n_waiting}")

async def cond_self_cancel():
    lk = asyncio.Lock()
    c = asyncio.Condition(lk)
    ts = [asyncio.create_task(cond_waiter(c, "x"))]
    await settle()
    async def sc():
        await c.acquire(); L("s holds")
        tb = asyncio.create_task(holder(lk, "b", 1))
        await asyncio.sleep(0)
        asyncio.current_task().cancel(); L("s cancels itself")
        try:
            await c.wait(); L("s woke")
        except BaseException as e:
            L(out("s", e) + f" locked={c.locked()}")
        c.release(); L("s releases")
    ts.append(asyncio.create_task(sc()))
    await settle(); L(f"locked {lk.locked()}")
    await settle()

async def barrier_self_cancel():
    b = asyncio.Barrier(2)
    async def sc(name):
        L(f"{name} arrives")
        asyncio.current_task().cancel()
        try:
            i = await b.wait(); L(f"{name} index {i}")
        except BaseException as e:
            L(out(name, e))
        L(f"{name} waiting {b.n_waiting}")
    t1 = asyncio.create_task(sc("a"))
    await settle()
    ts = [asyncio.create_task(barrier_waiter(b, "c"))]
    t2 = asyncio.create_task(sc("d"))
    await settle(); L(f"waiting {b.n_waiting}")

async def barrier_abort_reset_woken():
    b = asyncio.Barrier(3)
    w = lambda n, d=0: asyncio.create_task(barrier_waiter(b, n, d))
    ts = [w("a"), w("b")]
    await settle()
    await b.abort(); await b.reset(); L(f"abort, reset broken={b.broken} waiting={b.n_waiting}")
    ts += [w("c"), w("d"), w("e")]
    await settle(); L(f"waiting {b.n_waiting}")
    ts += [w("f"), w("g"), w("h")]
    await settle(); L(f"waiting {b.n_waiting}")

async def pq_putters():
    q = asyncio.PriorityQueue(2)
    q.put_nowait(5); q.put_nowait(3)
    ts = [asyncio.create_task(putter(q, n, v)) for n, v in (("a", 4), ("b", 1), ("c", 3))]
    await asyncio.sleep(0)
    for _ in range(5):
        L(f"got {await q.get()}")
    await settle()

names = sys.argv[1:] or [n for n, f in list(globals().items()) if asyncio.iscoroutinefunction(f) and n not in ("q_shutdown_putters","settle","getter","putter","holder","cond_waiter","barrier_waiter")]
for n in names:
    args = []
    if ":" in n:
        n, a = n.split(":"); args = [a == "True"]
    log.clear()
    asyncio.run(globals()[n](*args))
    print("== " + n + (":" + str(args[0]) if args else ""))
    for s in log: print(s)
