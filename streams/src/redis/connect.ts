// Opening the two connections a consumer needs: one that blocks in XREADGROUP, one for commits, claims and XINFO
// (a blocked connection answers nothing else). An unreachable server fails the start at once; after the start,
// ioredis reconnects with backoff and replays queued commands.

import { Redis } from "ioredis";

export class RedisStartError extends Error {
  override name = "RedisStartError";
}

export async function openRedis(url: string, connectionName: string): Promise<Redis> {
  let started = false;
  const redis = new Redis(url, {
    // RESP2 replies are plain arrays for every stream command on Redis 6.2 and 7, which the decoders expect.
    protocol: 2,
    lazyConnect: true,
    connectionName,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => (started ? Math.min(attempt * 200, 2_000) : null),
  });
  let lastError: Error | undefined;
  // Without a listener ioredis prints every reconnect error; commands report failures to their callers instead.
  redis.on("error", (error: Error) => (lastError = error));
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    // connect() rejects with "Connection is closed."; the socket's own error says why.
    const reason = lastError?.message ?? ((error as Error).message || "connection failed");
    throw new RedisStartError(`cannot connect to Redis at ${redactUrl(url)}: ${reason}`);
  }
  started = true;
  return redis;
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return url;
  }
}
