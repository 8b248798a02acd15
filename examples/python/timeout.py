# The Python original of examples/timeout: wait_for from asyncio's documentation.
import asyncio


async def eternity():
    try:
        print("eternity: sleeping for an hour")
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            print("eternity: cancelled")
            raise
        print("eternity: woke up")
    finally:
        print("eternity: deferred cleanup runs")


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    try:
        await asyncio.wait_for(eternity(), timeout=0.1)
    except asyncio.TimeoutError:
        print("main: timeout!")
    print("main: gave up after", f"{loop.time() - start:.1f}", "s")


asyncio.run(main())
