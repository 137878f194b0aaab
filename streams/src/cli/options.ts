// The consume command's flags as a typed object, and the parsers that refuse a bad value at the flag.

import { InvalidArgumentError } from "commander";

export interface ConsumeCliOptions {
  redis: string;
  stream: string;
  group: string;
  consumer?: string;
  field: string;
  schema?: string;
  schemaField?: string;
  schemaProperty?: string;
  route: string[];
  contracts?: string;
  out: string;
  dlq: string;
  batch: number;
  blockMs: number;
  claimIdleMs: number;
  claimIntervalMs?: number;
  maxDeliveries: number;
  start: string;
  maxInvalidRatio?: number;
  ratioWindow: number;
  ratioMinimum?: number;
  outMaxlen: number;
  dlqMaxlen: number;
  metricsPort?: number;
  metricsHost: string;
}

export function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError("must be a positive integer.");
  return value;
}

export function parseCount(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw new InvalidArgumentError("must be a whole number (0 or more).");
  return value;
}

export function parseMaxDeliveries(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw new InvalidArgumentError("must be a whole number: the most deliveries of an entry before it is dead-lettered (0: no limit).");
  return value;
}

export function parsePort(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65_535) throw new InvalidArgumentError("must be a port number from 0 to 65535 (0 picks a free one).");
  return value;
}

export function parseRatio(text: string): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value) || value < 0 || value > 1) throw new InvalidArgumentError("must be a number from 0 to 1, e.g. 0.2.");
  return value;
}

export function parseRedisUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError("must be a URL such as redis://127.0.0.1:6379.");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw new InvalidArgumentError(`must be a redis:// or rediss:// URL, not ${url.protocol}//.`);
  return text;
}

export function parseStartId(text: string): string {
  if (text !== "$" && !/^\d+(-\d+)?$/.test(text)) throw new InvalidArgumentError('must be "0" (everything in the stream), "$" (only new entries) or a stream id.');
  return text;
}

export function collectRoute(text: string, previous: string[]): string[] {
  if (!/^[^=]+=.+$/.test(text)) throw new InvalidArgumentError("must be VALUE=SCHEMA, e.g. PLAYBACK=AnalyticsEvent.");
  return [...previous, text];
}
