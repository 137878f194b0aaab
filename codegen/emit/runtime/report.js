// The report of a failed check, which assert and Standard Schema give: every error the all-errors validator finds,
// but of a failed oneOf/anyOf only the branch closest to matching (as a discriminator would pick it), capped.

export const DEFAULT_MAX_ERRORS = 100;

let defaultMaxErrors = DEFAULT_MAX_ERRORS;

/** How many errors a report lists unless the caller says otherwise (assert, Standard Schema). */
export function setMaxErrors(limit) {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`maxErrors must be a positive integer, not ${String(limit)}`);
  defaultMaxErrors = limit;
}

/** `{ errors, omitted }`: the report of `data`, which the first-error check has failed. */
export function reportErrors(report, data, firstErrors, maxErrors = defaultMaxErrors) {
  // Both validators come from the same schemas; should the report pass regardless, the first error still stands.
  const errors = report(data) || !report.errors ? (firstErrors ?? []) : closestBranches(report.errors);
  return errors.length > maxErrors ? { errors: errors.slice(0, maxErrors), omitted: errors.length - maxErrors } : { errors, omitted: 0 };
}

/**
 * Each failed oneOf/anyOf error carries `branches` (emit/passes/branch-errors.ts): the offsets of its branches'
 * errors, which sit right before it. The error comes first, with `params.branchCount` and `params.closestBranch`,
 * then the closest branch's errors; the other branches' go.
 */
export function closestBranches(errors) {
  return errors.some((error) => error.branches !== undefined) ? pruned(errors, 0, errors.length) : errors;
}

function pruned(errors, from, to) {
  const kept = [];
  for (let index = to - 1; index >= from; ) {
    const error = errors[index];
    const offsets = error.branches;
    if (offsets === undefined) {
      kept.push(error);
      index--;
      continue;
    }
    const start = index - offsets[offsets.length - 1];
    const ranges = offsets.slice(0, -1).map((offset, branch) => [start + offset, start + offsets[branch + 1]]);
    // oneOf fails on more than one passing branch too: no branch is then closer than another.
    const closest = Array.isArray(error.params?.passingSchemas) ? undefined : closestBranch(errors, ranges, error.instancePath);
    const { branches, ...shown } = error;
    shown.params = { ...error.params, branchCount: ranges.length, ...(closest === undefined ? {} : { closestBranch: closest }) };
    if (closest !== undefined) {
      const inner = pruned(errors, ranges[closest][0], ranges[closest][1]);
      for (let at = inner.length - 1; at >= 0; at--) kept.push(inner[at]);
    }
    kept.push(shown);
    index = start - 1;
  }
  return kept.reverse();
}

/** A branch whose value is of the wrong kind is farthest; then one whose tag (a const or enum member) differs; then most errors. */
function closestBranch(errors, ranges, instancePath) {
  let best;
  let bestScore;
  ranges.forEach(([from, to], branch) => {
    let distance = 0;
    for (let index = from; index < to; index++) {
      const { keyword, instancePath: at } = errors[index];
      if (at === instancePath && (keyword === "type" || keyword === "const" || keyword === "enum")) distance = Math.max(distance, 2);
      else if ((keyword === "const" || keyword === "enum") && isChild(at, instancePath)) distance = Math.max(distance, 1);
    }
    const score = distance * 1e9 + (to - from);
    if (bestScore === undefined || score < bestScore) {
      best = branch;
      bestScore = score;
    }
  });
  return best;
}

function isChild(path, parent) {
  return path.length > parent.length + 1 && path.startsWith(`${parent}/`) && !path.slice(parent.length + 1).includes("/");
}
