/**
 * Long work in small turns (issue 12, finding 2): a job that runs for seconds on the one thread
 * that also answers every request gives the event loop back at least every `sliceMs`, so requests
 * that arrive meanwhile wait one slice, not the whole job.
 */
export type Pace = () => Promise<void>;

/** `await pace()` between steps: returns at once until the current turn has run `sliceMs`, then yields once. */
export function pacer(sliceMs = 10): Pace {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

/** For callers that need no pacing (the DoD-scale loader, which owns its process). */
export const unpaced: Pace = async () => {};
