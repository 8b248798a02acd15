# The Python original of examples/echo: the TCP echo server and client of
# asyncio's streams documentation.
import asyncio


async def handle_echo(reader, writer):
    line = await reader.readline()
    writer.write(line.upper())
    await writer.drain()
    writer.close()


async def client(host, port, msg):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write((msg + "\n").encode())
    line = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return line.decode().removesuffix("\n")


async def main():
    server = await asyncio.start_server(handle_echo, "127.0.0.1", 0)
    print("serving on 127.0.0.1")
    host, port = server.sockets[0].getsockname()[:2]
    msgs = ["Hello World!", "Bonjour", "Hallo Welt"]
    answers = await asyncio.gather(*(client(host, port, m) for m in msgs))
    for m, a in zip(msgs, answers):
        print(f"sent {m}, received {a}")
    print("closing the server")
    server.close()
    await server.wait_closed()


asyncio.run(main())
