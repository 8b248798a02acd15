# The Python original of examples/hello.
import asyncio


async def main():
    for i in range(3):
        print("hello", i)
        await asyncio.sleep(0.1)
    print("world")


asyncio.run(main())
