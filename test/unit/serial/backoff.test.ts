import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelayMs } from '../../../hardware/serial/index.ts';

describe('backoffDelayMs', () => {
  it('doubles from 200 ms up to 5 s by default, with jitter in the upper half of each step', () => {
    const lowest = [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) =>
      backoffDelayMs(attempt, DEFAULT_BACKOFF, () => 0),
    );
    const highest = [0, 1, 2, 3, 4, 5, 6, 10].map((attempt) =>
      backoffDelayMs(attempt, DEFAULT_BACKOFF, () => 1),
    );
    expect(highest).toEqual([200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
    expect(lowest).toEqual([100, 200, 400, 800, 1600, 2500, 2500, 2500]);
  });

  it('follows the options it is given', () => {
    const options = { initialMs: 20, maxMs: 100 };
    expect([0, 1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, options, () => 1))).toEqual([
      20, 40, 80, 100, 100,
    ]);
  });

  it('stays within [step / 2, step] and never exceeds maxMs, however many attempts have failed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (attempt, initialMs, extraMs, random) => {
          const options = { initialMs, maxMs: initialMs + extraMs };
          const step = Math.min(options.maxMs, initialMs * 2 ** attempt);
          const delay = backoffDelayMs(attempt, options, () => random);
          expect(Number.isFinite(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(step / 2);
          expect(delay).toBeLessThanOrEqual(step);
          expect(delay).toBeLessThanOrEqual(options.maxMs);
        },
      ),
    );
  });

  it('spreads retries of ports that failed together', () => {
    const delays = new Set(Array.from({ length: 20 }, () => backoffDelayMs(3)));
    expect(delays.size).toBeGreaterThan(1);
  });
});
