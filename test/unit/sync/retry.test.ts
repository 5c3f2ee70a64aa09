import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  CircuitBreaker,
  parseRetryAfter,
  retryDelay,
  startDelay,
} from '../../../main/sync/retry.ts';

describe('backoffDelay', () => {
  it('is full jitter under an exponential ceiling capped at capMs', () => {
    const policy = { baseMs: 100, capMs: 5_000 };
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(20, policy, () => 0.999)).toBe(4_995);
    expect(backoffDelay(5, policy, () => 0)).toBe(0);
  });
});

describe('retryDelay', () => {
  it("waits the server's Retry-After plus jitter, so kiosks told the same wait do not return together", () => {
    const policy = { baseMs: 1_000, capMs: 60_000 };
    expect(retryDelay(1, policy, 1_000, () => 0)).toBe(1_000);
    expect(retryDelay(1, policy, 1_000, () => 0.5)).toBe(1_500);
    // The server sets the pace: repeated 429s do not grow the wait.
    expect(retryDelay(6, policy, 1_000, () => 0.999)).toBe(1_999);
    const returns = new Set(Array.from({ length: 50 }, () => retryDelay(1, policy, 1_000)));
    expect(returns.size).toBeGreaterThan(40);
  });

  it('without a Retry-After is full jitter under a ceiling that doubles per failure', () => {
    const policy = { baseMs: 1_000, capMs: 60_000 };
    expect(retryDelay(1, policy, undefined, () => 0.999)).toBe(999);
    expect(retryDelay(3, policy, undefined, () => 0.5)).toBe(2_000);
    expect(retryDelay(30, policy, undefined, () => 0.5)).toBe(30_000);
  });
});

describe('startDelay', () => {
  it('is uniform within the spread, and nothing when there is no spread', () => {
    expect(startDelay(5_000, () => 0)).toBe(0);
    expect(startDelay(5_000, () => 0.5)).toBe(2_500);
    expect(startDelay(5_000, () => 0.9999)).toBe(4_999);
    expect(startDelay(0, () => 0.9)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores rubbish', () => {
    expect(parseRetryAfter('3', 0)).toBe(3_000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('CircuitBreaker', () => {
  it('opens after the threshold, lets one probe through when half-open, closes on success', () => {
    let clock = 0;
    const circuit = new CircuitBreaker(
      { failureThreshold: 3, openMs: 1_000, maxOpenMs: 8_000 },
      () => clock,
      () => 1,
    );
    circuit.onFailure();
    circuit.onFailure();
    expect(circuit.state()).toBe('closed');
    circuit.onFailure();
    expect(circuit.state()).toBe('open');
    expect(circuit.tryAcquire()).toBe(false);
    expect(circuit.msUntilProbe()).toBe(1_000);
    clock = 1_000;
    expect(circuit.state()).toBe('half-open');
    expect(circuit.tryAcquire()).toBe(true);
    expect(circuit.tryAcquire()).toBe(false);
    circuit.onSuccess();
    expect(circuit.state()).toBe('closed');
    expect(circuit.tryAcquire()).toBe(true);
  });

  it('re-opens for longer after a failed probe, never beyond maxOpenMs', () => {
    let clock = 0;
    const circuit = new CircuitBreaker(
      { failureThreshold: 1, openMs: 1_000, maxOpenMs: 3_000 },
      () => clock,
      () => 1,
    );
    const periods: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      circuit.onFailure();
      periods.push(circuit.msUntilProbe());
      clock += circuit.msUntilProbe();
      expect(circuit.tryAcquire()).toBe(true);
    }
    expect(periods).toEqual([1_000, 2_000, 3_000, 3_000, 3_000]);
  });
});
