// Redis's per-entry delivery counter, read and (for entries a guard trip hands back untouched) given back.
//
// The counter lives in the group's pending entries list: XREADGROUP > creates an entry at 1, and every later delivery
// adds one: XREADGROUP of the consumer's own history (a restart under the same name), XCLAIM and XAUTOCLAIM (without
// JUSTID). XREADGROUP > therefore needs no lookup; XAUTOCLAIM and history reads do not return the counter, so after
// them one script reads it with the extended XPENDING form, id by id (an exact answer for those ids, in one round trip,
// paid only on reclaims and restarts, never on the steady-state read path).

/** KEYS[1] stream; ARGV[1] group, ARGV[2..] ids. Returns each id's delivery count, 0 if no longer pending. */
export const DELIVERY_COUNTS_SCRIPT = `
local counts = {}
for i = 2, #ARGV do
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)[1]
  if pending then counts[#counts + 1] = pending[4] else counts[#counts + 1] = 0 end
end
return counts
`;

/**
 * KEYS[1] stream; ARGV[1] group, ARGV[2] consumer, then id, count pairs. For each id still pending on this consumer
 * with the count it was delivered with, sets the counter one lower (XCLAIM RETRYCOUNT, JUSTID, keeping its idle time,
 * so a reclaim by another consumer is not delayed): the delivery did not count. Returns how many were given back.
 */
export const RELEASE_DELIVERIES_SCRIPT = `
local released = 0
for i = 3, #ARGV, 2 do
  local id, count = ARGV[i], tonumber(ARGV[i + 1])
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], id, id, 1)[1]
  if pending and pending[2] == ARGV[2] and pending[4] == count and count > 0 then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, id, 'IDLE', pending[3], 'RETRYCOUNT', count - 1, 'JUSTID')
    released = released + 1
  end
end
return released
`;
