# The Python original of examples/gather: the factorial program of asyncio's
# documentation, then a gather whose second awaitable fails.
import asyncio


async def factorial(name, number):
    f = 1
    for i in range(2, number + 1):
        print(f"Task {name}: Compute factorial({number}), currently i={i}...")
        await asyncio.sleep(0.1)
        f *= i
    print(f"Task {name}: factorial({number}) = {f}")
    return f


async def slow():
    await asyncio.sleep(0.3)
    print("slow: finished all the same")
    return 1


async def fail(after):
    await asyncio.sleep(after)
    raise ValueError("boom")


async def main():
    results = await asyncio.gather(
        factorial("A", 4),
        factorial("B", 2),
        factorial("C", 3),
    )
    print("results in order:", ", ".join(str(r) for r in results))

    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        await asyncio.gather(slow(), fail(0.1))
    except ValueError as err:
        print("gather failed after", f"{loop.time() - start:.1f}", "s:", err)
    await asyncio.sleep(0.3)


asyncio.run(main())
