/**
 * Long work in small turns (issue 12, finding 2): a job that runs for seconds on the one thread
 * that also answers every request gives the event loop back at least every `sliceMs`, so requests
 * that arrive meanwhile wait one slice, not the whole job.
 */
export type Pace = () => Promise<void>;

/**
 * `await pace()` between steps: returns at once until the current turn has run `sliceMs`, then yields.
 * With `othersBusy`, it keeps yielding while other requests are in flight (up to `courtesyMs`): one
 * yield alone lets a waiting request start, but each of its own awaits would let another slice of
 * the job run before it answers, so a check answered meanwhile paid several slices.
 */
export function pacer(sliceMs = 10, othersBusy: () => boolean = () => false, courtesyMs = 100): Pace {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    const until = performance.now() + courtesyMs;
    while (othersBusy() && performance.now() < until) await new Promise<void>((resolve) => setTimeout(resolve, 1));
    since = performance.now();
  };
}

/** For callers that need no pacing (the DoD-scale loader, which owns its process). */
export const unpaced: Pace = async () => {};
