// A seeded pseudo-random generator for tests that roll dice (fault schedules): the seed is printed,
// and SEED=<n> replays the same schedule. mulberry32: tiny, fast, good enough for test choices.

export interface SeededRandom {
  seed: number;
  /** Uniform in [0, 1), like Math.random. */
  next: () => number;
}

export function seededRandom(label: string, env: NodeJS.ProcessEnv = process.env): SeededRandom {
  const fromEnv = env.SEED === undefined ? Number.NaN : Number(env.SEED);
  const seed = Number.isSafeInteger(fromEnv) ? fromEnv >>> 0 : Math.floor(Math.random() * 2 ** 32);
  process.stdout.write(`${label}: seed ${seed} (replay with SEED=${seed})\n`);
  let state = seed;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, next };
}
