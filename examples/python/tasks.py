# The Python original of examples/tasks: say_after from asyncio's documentation.
import asyncio


async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)


async def sequential():
    loop = asyncio.get_running_loop()
    start = loop.time()
    print("in sequence:")
    await say_after(0.1, "hello")
    await say_after(0.2, "world")
    print("took", f"{loop.time() - start:.1f}", "s")


async def concurrent():
    loop = asyncio.get_running_loop()
    start = loop.time()
    print("as two tasks:")
    t1 = asyncio.create_task(say_after(0.1, "hello"))
    t2 = asyncio.create_task(say_after(0.2, "world"))
    await t1
    await t2
    print("took", f"{loop.time() - start:.1f}", "s")


async def both():
    await sequential()
    await concurrent()


asyncio.run(both())
