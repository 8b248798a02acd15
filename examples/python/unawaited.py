# The Python original of examples/unawaited.
import asyncio


async def background():
    try:
        i = 0
        while True:
            print("background: tick", i)
            try:
                await asyncio.sleep(0.1)
            except asyncio.CancelledError:
                print("background: cancelled")
                raise
            i += 1
    finally:
        print("background: deferred call runs")


async def main():
    asyncio.create_task(background())  # never awaited
    await asyncio.sleep(0.25)
    print("main: returns")


asyncio.run(main())
print("Run: returned")
