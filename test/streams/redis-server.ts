// A real redis-server (Debian's) on a free loopback port for one test file, with no persistence; killed afterwards.

import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { Redis } from "ioredis";

export interface RedisServer {
  port: number;
  url: string;
  /** A client for the test's own checks (XLEN, XPENDING, XADD). */
  client: Redis;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "ignore", "pipe"] });
  let failure = "";
  child.stderr!.on("data", (chunk: Buffer) => (failure += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const client = new Redis({ port, host: "127.0.0.1", protocol: 2, lazyConnect: true, retryStrategy: () => null });
  client.on("error", () => undefined);
  for (let attempt = 0; ; attempt++) {
    try {
      await client.connect();
      if ((await client.ping()) === "PONG") break;
    } catch {
      if (attempt > 100 || child.exitCode !== null) throw new Error(`redis-server did not start on port ${port}: ${failure}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    client,
    async stop() {
      client.disconnect();
      child.kill("SIGKILL");
      await exited;
    },
  };
}
