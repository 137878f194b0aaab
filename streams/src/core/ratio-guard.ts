// The invalid-ratio guard: a bad producer deploy should stop the consumer, not fill the dead-letter stream. It keeps
// the verdicts of the last `window` entries and trips once at least `minimum` are known and the invalid share passes
// the threshold.

export interface RatioGuardOptions {
  /** Trip when invalid / seen is above this, between 0 and 1. */
  maxInvalidRatio: number;
  /** How many of the latest entries count. */
  window: number;
  /** No verdict before this many entries are in the window. */
  minimum: number;
}

export interface GuardTrip {
  ratio: number;
  invalid: number;
  seen: number;
  window: number;
  minimum: number;
  threshold: number;
}

export class InvalidRatioGuard {
  readonly #options: RatioGuardOptions;
  readonly #verdicts: Uint8Array;
  #next = 0;
  #seen = 0;
  #invalid = 0;

  constructor(options: RatioGuardOptions) {
    if (!(options.maxInvalidRatio >= 0 && options.maxInvalidRatio <= 1)) throw new RangeError(`the invalid ratio must be between 0 and 1, got ${options.maxInvalidRatio}`);
    if (!Number.isInteger(options.window) || options.window < 1) throw new RangeError(`the window must be a positive integer, got ${options.window}`);
    if (!Number.isInteger(options.minimum) || options.minimum < 1 || options.minimum > options.window) {
      throw new RangeError(`the minimum must be an integer from 1 to the window (${options.window}), got ${options.minimum}`);
    }
    this.#options = options;
    this.#verdicts = new Uint8Array(options.window);
  }

  /** Records one verdict; returns the trip when this entry pushes the share over the threshold. */
  record(invalid: boolean): GuardTrip | undefined {
    const slot = this.#next;
    if (this.#seen === this.#options.window) this.#invalid -= this.#verdicts[slot]!;
    else this.#seen++;
    this.#verdicts[slot] = invalid ? 1 : 0;
    this.#invalid += this.#verdicts[slot]!;
    this.#next = (slot + 1) % this.#options.window;
    if (this.#seen < this.#options.minimum) return undefined;
    const ratio = this.#invalid / this.#seen;
    if (ratio <= this.#options.maxInvalidRatio) return undefined;
    const { window, minimum, maxInvalidRatio } = this.#options;
    return { ratio, invalid: this.#invalid, seen: this.#seen, window, minimum, threshold: maxInvalidRatio };
  }
}

export function describeTrip(trip: GuardTrip): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  return `${percent(trip.ratio)} of the last ${trip.seen} entries were invalid (${trip.invalid} of ${trip.seen}), above the maximum invalid ratio ${trip.threshold} (${percent(trip.threshold)}) over a window of ${trip.window} entries (minimum ${trip.minimum})`;
}
