# The Python original of examples/workers: the queue program of asyncio's
# documentation, with fixed sleep times instead of random ones.
import asyncio


async def worker(name, queue):
    loop = asyncio.get_running_loop()
    while True:
        sleep_for = await queue.get()
        start = loop.time()
        await asyncio.sleep(sleep_for)
        queue.task_done()
        print(f"{name} has slept for {loop.time() - start:.1f} seconds")


async def main():
    queue = asyncio.Queue()
    total = 0
    for sleep_for in [0.5, 0.1, 0.2, 0.1, 0.3]:
        total += sleep_for
        queue.put_nowait(sleep_for)

    loop = asyncio.get_running_loop()
    start = loop.time()
    tasks = [asyncio.create_task(worker(f"worker-{i + 1}", queue)) for i in range(2)]
    await queue.join()
    elapsed = loop.time() - start

    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print("====")
    print(f"2 workers slept in parallel for {elapsed:.1f} seconds")
    print(f"total expected sleep time: {total:.1f} seconds")


asyncio.run(main())
