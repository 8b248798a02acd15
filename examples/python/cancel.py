# The Python original of examples/cancel: cancel_me from asyncio's
# documentation, then shield.
import asyncio


async def cancel_me():
    print("cancel_me(): before sleep")
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        print("cancel_me(): cancel sleep")
        raise
    finally:
        print("cancel_me(): after sleep")


async def important():
    await asyncio.sleep(0.2)
    print("important(): finished")
    return "saved"


async def caller(work):
    return await asyncio.shield(work)


async def main():
    task = asyncio.create_task(cancel_me())
    await asyncio.sleep(0.1)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("main(): cancel_me is cancelled now")

    work = asyncio.create_task(important())
    c = asyncio.create_task(caller(work))
    await asyncio.sleep(0.1)
    c.cancel()
    try:
        await c
    except asyncio.CancelledError:
        print("main(): the caller is cancelled, the shielded work goes on")
    v = await work
    print("main(): the shielded work returned", v)


asyncio.run(main())
