# The Python original of examples/locks: asyncio.Lock, then the Event
# example of asyncio's documentation.
import asyncio


async def deposit(lock, account, name):
    async with lock:
        print(name, "has the lock")
        balance = account["balance"]
        await asyncio.sleep(0.1)
        account["balance"] = balance + 10
        print(name, "releases the lock")
        return account["balance"]


async def waiter(event):
    print("waiting for it ...")
    await event.wait()
    print("... got it!")


async def main():
    lock = asyncio.Lock()
    account = {"balance": 0}
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.gather(*(deposit(lock, account, f"task {i + 1}") for i in range(3)))
    print("balance", account["balance"], "after", f"{loop.time() - start:.1f}", "s")

    event = asyncio.Event()
    w = asyncio.create_task(waiter(event))
    await asyncio.sleep(0.1)
    print("setting the event")
    event.set()
    await w


asyncio.run(main())
