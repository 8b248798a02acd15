# The Python original of examples/executor: to_thread from asyncio's
# documentation.
import asyncio
import time


def blocking_io():
    time.sleep(0.7)
    return "blocking call done"


async def ticker():
    i = 1
    while True:
        await asyncio.sleep(0.2)
        print("tick", i)
        i += 1


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    t = asyncio.create_task(ticker())
    res = await asyncio.to_thread(blocking_io)
    t.cancel()
    print(res)
    print("took", f"{loop.time() - start:.1f}", "s")


asyncio.run(main())
