"""Run an asyncio program on a virtual clock: python3 virtual_clock.py prog.py

The loop's time() reads a virtual clock that jumps to the next timer
whenever the loop has nothing else to do, so sleeps and timeouts take no real
time and the program prints the same lines on a loaded machine as on an idle
one. It is what runtime.WithClock(runtime.NewVirtualClock()) does for the Go
examples; the tests of examples/tour use both to compare the two line by line.
"""

import asyncio
import asyncio.events
import runpy
import sys


class _Selector:
    """A selector that, instead of sleeping until the next timer, moves the
    loop's virtual clock there."""

    def __init__(self, selector, loop):
        self._selector = selector
        self._loop = loop

    def select(self, timeout=None):
        if timeout is None or timeout <= 0:
            return self._selector.select(timeout)
        events = self._selector.select(0)
        if not events:
            self._loop._virtual_now += timeout
        return events

    def __getattr__(self, name):
        return getattr(self._selector, name)


class VirtualClockLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__()
        self._virtual_now = 0.0
        self._selector = _Selector(self._selector, self)

    def time(self):
        return self._virtual_now


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: virtual_clock.py program.py")
    asyncio.events.new_event_loop = VirtualClockLoop
    asyncio.new_event_loop = VirtualClockLoop
    path = sys.argv[1]
    sys.argv = [path]
    runpy.run_path(path, run_name="__main__")


if __name__ == "__main__":
    main()
