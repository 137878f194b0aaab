// The delivery limit: a poison entry (its handler keeps failing, its forward keeps failing, or the consumer keeps
// dying on it) is dead-lettered after `maxDeliveries` attempts instead of being retried forever. The transport reports
// each entry's delivery count (Redis: the group's per-entry counter, this delivery included); the decisions are here.
//
// Two checks, so that an entry is attempted at most maxDeliveries times:
// - on arrival: an entry delivered more than maxDeliveries times has had its attempts already (they ended without an
//   ack: a crash, a kill, a failed commit), so it is dead-lettered untried;
// - after a failed handler call: when this delivery was the maxDeliveries-th, it was the last attempt, so the entry is
//   dead-lettered now, with the handler's error, rather than left pending for one more redelivery.

import type { Contract } from "./contract.js";

export interface DeliveryLimited {
  kind: "delivery-limit";
  /** The entry's delivery count, this delivery included. */
  deliveries: number;
  maxDeliveries: number;
  /** Known when the entry was judged valid before its last attempt failed. */
  contract?: Contract;
  /** The payload field's text; undefined when the entry has no such field. */
  text: string | undefined;
  /** The last attempt's error message, when this consumer made that attempt (a handler call that failed). */
  error?: string;
  detail: string;
}

/** 0 turns the limit off; otherwise a positive whole number of attempts. */
export function checkMaxDeliveries(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`maxDeliveries must be a whole number (0 turns the limit off), got ${value}`);
  return value;
}

/** On arrival: true when the entry has had its maxDeliveries attempts already and must not be tried again. */
export function exhaustedOnArrival(deliveries: number, maxDeliveries: number): boolean {
  return maxDeliveries > 0 && deliveries > maxDeliveries;
}

/** After a failed attempt: true when it was the last one allowed. */
export function exhaustedAfterFailure(deliveries: number, maxDeliveries: number): boolean {
  return maxDeliveries > 0 && deliveries >= maxDeliveries;
}

export function untried(deliveries: number, maxDeliveries: number, text: string | undefined): DeliveryLimited {
  return {
    kind: "delivery-limit", deliveries, maxDeliveries, text,
    detail: `delivered ${deliveries} times without an acknowledgement (limit ${maxDeliveries}); not tried again`,
  };
}

export function failedLastAttempt(deliveries: number, maxDeliveries: number, contract: Contract, text: string, error: unknown): DeliveryLimited {
  const message = errorMessage(error);
  const line = message.split("\n", 1)[0]!;
  return {
    kind: "delivery-limit", deliveries, maxDeliveries, contract, text, error: message,
    detail: `the handler failed on delivery ${deliveries} of at most ${maxDeliveries}: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`,
  };
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
