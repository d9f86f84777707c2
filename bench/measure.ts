// What every benchmark shares: the figure it prints, and how it times a piece of work.

export interface Figure {
  name: string;
  value: number;
  unit: string;
  [extra: string]: unknown;
}

/** Median of `runs` timings of fn, in milliseconds. */
export function median(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
