# The Python original of examples/subprocess (not named subprocess.py, which
# would shadow the standard module): create_subprocess_shell from asyncio's
# documentation.
import asyncio


async def run(cmd):
    proc = await asyncio.create_subprocess_shell(
        cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    stdout, stderr = await proc.communicate()
    return proc.returncode, stdout, stderr


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


async def main():
    cmds = [
        "sleep 0.2; echo hello from the shell",
        "sleep 0.1; echo something went wrong >&2; exit 3",
    ]
    outs = await asyncio.gather(*(run(c) for c in cmds))
    for cmd, (code, stdout, stderr) in zip(cmds, outs):
        print(f"[{quote(cmd)} exited with {code}]")
        if stdout:
            print(f"[stdout]\n{stdout.decode()}", end="")
        if stderr:
            print(f"[stderr]\n{stderr.decode()}", end="")


asyncio.run(main())
