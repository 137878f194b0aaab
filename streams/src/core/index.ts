// The transport-free core: parse, route, validate, dead-letter record, delivery limit, ratio guard, metrics. A Kafka (or any other)
// consumer builds on these exactly as the Redis consumer does.

export type { Contract, Validator, ValidationErrorObject } from "./contract.js";
export { entryField, type StreamEntry } from "./entry.js";
export { parsePayload, type Parsed } from "./parse.js";
export { createRouter, type RouteOptions, type Routed, type Router } from "./route.js";
export { judgeValue, type EntryError, type Verdict } from "./verdict.js";
export { judgeEntry, type JudgeOptions, type Outcome } from "./judge.js";
export { deadLetterFields, type DeadLetterContext, type DeadLetterOutcome } from "./dead-letter.js";
export { checkMaxDeliveries, exhaustedAfterFailure, exhaustedOnArrival, failedLastAttempt, untried, type DeliveryLimited } from "./delivery-limit.js";
export { InvalidRatioGuard, describeTrip, type GuardTrip, type RatioGuardOptions } from "./ratio-guard.js";
export { METRIC_NAMES, createStreamMetrics, recordOutcome, type GroupInfo, type MetricsOptions, type StreamMetrics } from "./metrics.js";
