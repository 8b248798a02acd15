# The Python twin of examples/fetch. The tutorials fetch pages with aiohttp,
# which is not in the standard library; this twin speaks the little HTTP/1.1
# it needs over asyncio's streams, on both sides, so that it runs anywhere.
import asyncio


async def page(reader, writer):
    # The server's handler: answers GET /page/N with "page N" after 0.1 s.
    request = await reader.readuntil(b"\r\n\r\n")
    path = request.split(b" ")[1].decode()
    await asyncio.sleep(0.1)
    body = path.strip("/").replace("/", " ").encode()
    writer.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        + body
    )
    await writer.drain()
    writer.close()


async def fetch(host, port, path):
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    body = await reader.readexactly(length)
    writer.close()
    await writer.wait_closed()
    return body.decode()


async def main():
    server = await asyncio.start_server(page, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    paths = [f"/page/{i + 1}" for i in range(5)]
    loop = asyncio.get_running_loop()

    start = loop.time()
    for p in paths:
        body = await fetch(host, port, p)
        print("got", body)
    print("one after the other:", f"{loop.time() - start:.1f}", "s")

    start = loop.time()
    bodies = await asyncio.gather(*(fetch(host, port, p) for p in paths))
    print("got", ", ".join(bodies))
    print("concurrently:", f"{loop.time() - start:.1f}", "s")
    server.close()
    await server.wait_closed()


asyncio.run(main())
