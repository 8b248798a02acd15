# The Python original of examples/shutdown: a graceful shutdown on SIGINT
# with loop.add_signal_handler.
import asyncio
import os
import signal


async def worker():
    try:
        i = 1
        while True:
            print("worker: job", i)
            await asyncio.sleep(0.3)
            i += 1
    finally:
        print("worker: cleaned up")


async def main():
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGINT, stop.set)
    # Ctrl-C after 0.65 s: after job 3 (0.6 s), well before job 4 (0.9 s).
    loop.call_later(0.65, os.kill, os.getpid(), signal.SIGINT)
    w = asyncio.create_task(worker())
    await stop.wait()
    print("main: SIGINT received, stopping the worker")
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        pass
    print("main: clean exit")


asyncio.run(main())
