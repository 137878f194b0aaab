// The commit, one Lua script per batch: atomic like MULTI/EXEC, and for each entry it forwards (or dead-letters) and
// acks only while the entry is still pending. An entry that another consumer reclaimed and committed first is skipped,
// so a consumer that stalled past the claim time does not forward it a second time. The XADD runs before the XACK: if
// Redis refuses the XADD, the script stops with the entry still pending (at-least-once), never acked and lost.
// Key types are checked before any write, so a wrong-typed output key fails the batch before it changes anything.

export const COMMIT_SCRIPT = `
local function refuse(key)
  local kind = redis.call('TYPE', key).ok
  if kind ~= 'none' and kind ~= 'stream' then
    return redis.error_reply('WRONGTYPE key ' .. key .. ' holds a ' .. kind .. ', not a stream')
  end
end
local wrong = refuse(KEYS[2]) or refuse(KEYS[3])
if wrong then return wrong end
local group = ARGV[1]
local trims = { o = tonumber(ARGV[2]), d = tonumber(ARGV[3]) }
local targets = { o = KEYS[2], d = KEYS[3] }
local skipped = {}
local i = 4
while i <= #ARGV do
  local id, target, count = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  if #redis.call('XPENDING', KEYS[1], group, id, id, 1) == 1 then
    if target ~= 'a' then
      if trims[target] > 0 then
        redis.call('XADD', targets[target], 'MAXLEN', '~', trims[target], '*', unpack(ARGV, i + 3, i + 2 + count))
      else
        redis.call('XADD', targets[target], '*', unpack(ARGV, i + 3, i + 2 + count))
      end
    end
    redis.call('XACK', KEYS[1], group, id)
  else
    skipped[#skipped + 1] = id
  end
  i = i + 3 + count
end
return skipped
`;

/** o: forward to the output stream, d: dead-letter, a: acknowledge only (the handler took it). */
export type CommitTarget = "o" | "d" | "a";

export interface CommitItem {
  id: string;
  target: CommitTarget;
  fields: readonly string[];
}

export function commitArguments(group: string, outMaxLength: number, deadLetterMaxLength: number, items: readonly CommitItem[]): string[] {
  const args = [group, String(outMaxLength), String(deadLetterMaxLength)];
  for (const item of items) args.push(item.id, item.target, String(item.fields.length), ...item.fields);
  return args;
}
