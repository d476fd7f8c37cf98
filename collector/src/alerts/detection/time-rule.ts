/**
 * "Violated in at least N of the last M evaluations": a ring of the last M outcomes. `null` (not evaluated, e.g.
 * too little traffic) counts as not violated. O(M) memory, O(1) per push.
 */
export function createTimeRule(violations: number, of: number) {
  const ring = new Uint8Array(of);
  let pos = 0;
  let count = 0;
  let filled = 0;
  return {
    push(violated: boolean | null): void {
      count -= ring[pos];
      ring[pos] = violated === true ? 1 : 0;
      count += ring[pos];
      pos = (pos + 1) % of;
      filled = Math.min(of, filled + 1);
    },
    breached: () => count >= violations,
    count: () => count,
    evaluations: () => filled,
  };
}

export type TimeRule = ReturnType<typeof createTimeRule>;
