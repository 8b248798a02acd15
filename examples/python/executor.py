# The Python original of examples/executor: to_thread from asyncio's
# documentation, with a read from a pipe as the blocking call.
import asyncio
import os


def blocking_read(r):
    data = os.read(r, 64)
    return f'blocking read returned "{data.decode()}"'


async def ticker(w):
    for i in range(1, 4):
        await asyncio.sleep(0.2)
        print("tick", i)
    print("ticker: writing to the pipe")
    os.write(w, b"hello")


async def main():
    r, w = os.pipe()
    loop = asyncio.get_running_loop()
    start = loop.time()
    t = asyncio.create_task(ticker(w))
    res = await asyncio.to_thread(blocking_read, r)
    print(res)
    await t
    print("took", f"{loop.time() - start:.1f}", "s")
    os.close(r)
    os.close(w)


asyncio.run(main())
