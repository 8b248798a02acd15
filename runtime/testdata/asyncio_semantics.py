# The scenarios of semantics_test.go in CPython asyncio (3.11). The test runs
# this file when python3 is present and compares its lines with the Go ones.
import asyncio, selectors, sys

# U is the time unit in seconds.
U = 1.0


class VirtualSelector:
    """Wraps the loop's selector so that the loop, instead of sleeping until
    its next timer, moves its clock there: CPython's counterpart of asyncgen's
    virtual clock. Order is unchanged; time no longer passes."""

    def __init__(self, loop, selector):
        self.loop, self.selector = loop, selector

    def select(self, timeout=None):
        events = self.selector.select(0)
        if not events and timeout:
            # A real select returns a little after its timeout; timers set
            # within that slack of each other fire in the same pass.
            self.loop.now += timeout + 50e-6
        return events

    def __getattr__(self, name):
        return getattr(self.selector, name)


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__(selectors.DefaultSelector())
        self.now = 0.0
        self._selector = VirtualSelector(self, self._selector)

    def time(self):
        # Like the real clock, this one moves between two readings, so
        # timers set one after the other get increasing deadlines: CPython
        # orders equal deadlines arbitrarily (heapq is not stable), and on the
        # real clock they never are equal.
        self.now += 1e-6
        return self.now

log = []
def p(*a): log.append(" ".join(str(x) for x in a))

async def scenario_wake_through_ready():
    async def y():
        p("y")
        return "yv"
    async def z():
        p("z1"); await asyncio.sleep(0); p("z2"); await asyncio.sleep(0); p("z3")
    ty = asyncio.create_task(y()); tz = asyncio.create_task(z())
    v = await ty
    p("main", v)
    await tz

async def scenario_timers_order():
    async def s(name, d):
        await asyncio.sleep((d) * U); p(name)
    loop = asyncio.get_running_loop()
    loop.call_later(1 * U, p, "cb1")
    ts = [asyncio.create_task(s(n, 1)) for n in "cab"]
    loop.call_later(1 * U, p, "cb2")
    await asyncio.gather(*ts)

async def scenario_gather_first_error():
    async def ok(n, d):
        await asyncio.sleep((d) * U); p("ok", n); return n
    async def bad(d):
        await asyncio.sleep((d) * U); p("bad"); raise ValueError("boom")
    try:
        await asyncio.gather(ok(1, 1), bad(2), ok(3, 3))
    except ValueError as e:
        p("gather error", e)
    await asyncio.sleep((5) * U)
    p("end")

async def scenario_gather_all():
    async def ok(n):
        await asyncio.sleep((n) * U); return n
    async def bad():
        await asyncio.sleep((1) * U); raise ValueError("boom")
    r = await asyncio.gather(ok(2), bad(), ok(1), return_exceptions=True)
    p("all", [str(x) for x in r])

async def scenario_wait_for():
    loop = asyncio.get_running_loop()
    async def slow():
        try:
            await asyncio.sleep((10) * U)
        except asyncio.CancelledError:
            p("slow cancelled at", round((loop.time() - t0) / U))
            await asyncio.sleep((1) * U)
            p("slow cleanup done at", round((loop.time() - t0) / U))
            raise
    t0 = loop.time()
    try:
        await asyncio.wait_for(slow(), 2 * U)
    except asyncio.TimeoutError:
        p("timeout at", round((loop.time() - t0) / U))

async def scenario_shield():
    async def inner():
        await asyncio.sleep((2) * U); p("inner done"); return 7
    async def outer():
        try:
            return await asyncio.shield(inner())
        except asyncio.CancelledError:
            p("outer cancelled"); raise
    t = asyncio.create_task(outer())
    await asyncio.sleep((1) * U)
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        p("t cancelled", t.cancelled())
    await asyncio.sleep((2) * U)
    p("end")

async def scenario_cancel_chain():
    async def leaf():
        try:
            await asyncio.sleep((10) * U)
        except asyncio.CancelledError:
            p("leaf cancelled"); raise
    async def mid(t):
        try:
            await t
        except asyncio.CancelledError:
            p("mid cancelled"); raise
    lt = asyncio.create_task(leaf())
    mt = asyncio.create_task(mid(lt))
    await asyncio.sleep((1) * U)
    mt.cancel()
    await asyncio.sleep(0); p("after 1 yield", lt.cancelled(), mt.done())
    await asyncio.sleep(0); p("after 2 yields", lt.done(), mt.done())
    await asyncio.sleep(0); p("after 3 yields", lt.done(), mt.done(), mt.cancelled())

async def scenario_run_exit():
    async def bg(n):
        try:
            p("bg", n, "start"); await asyncio.sleep((100) * U)
        finally:
            p("bg", n, "cleanup")
    asyncio.create_task(bg(1)); asyncio.create_task(bg(2))
    await asyncio.sleep(0)
    p("main returns")

async def scenario_taskgroup():
    async def ok(n):
        try:
            await asyncio.sleep((n) * U); p("ok", n)
        except asyncio.CancelledError:
            p("ok", n, "cancelled"); raise
    async def bad(n, msg):
        await asyncio.sleep((n) * U); p("bad", msg); raise ValueError(msg)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(ok(1)); tg.create_task(bad(2, "x")); tg.create_task(ok(3)); tg.create_task(bad(2, "y"))
    except* ValueError as eg:
        p("group errors", sorted(str(e) for e in eg.exceptions))

async def scenario_timeout():
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        async with asyncio.timeout(2 * U):
            await asyncio.sleep((1) * U); p("first sleep done")
            await asyncio.sleep((5) * U); p("not reached")
    except TimeoutError:
        p("timeout at", round((loop.time() - t0) / U))

async def scenario_wait():
    async def s(n):
        await asyncio.sleep((n) * U); return n
    ts = [asyncio.create_task(s(n)) for n in (3, 1, 2)]
    done, pending = await asyncio.wait(ts, return_when=asyncio.FIRST_COMPLETED)
    p("first", sorted(t.result() for t in done), len(pending))
    done, pending = await asyncio.wait(ts, timeout=0.5 * U)
    p("timeout", len(done), len(pending))
    done, pending = await asyncio.wait(ts)
    p("all", len(done), len(pending))

async def scenario_as_completed():
    async def s(n):
        await asyncio.sleep((n) * U); return n
    for a in asyncio.as_completed([s(3), s(1), s(2)]):
        p("got", await a)

def run(name, coro):
    log.clear()
    with asyncio.Runner(loop_factory=VirtualLoop) as runner:
        runner.run(coro)
    print(name + ": " + " | ".join(log))

for name in [n for n in list(globals()) if n.startswith("scenario_")]:
    run(name[len("scenario_"):], globals()[name]())
