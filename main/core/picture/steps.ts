// A pass over a big list written once as a generator that yields between slices of rows: the live session
// runs it a step per turn of the loop (the main process's loop is never held for the whole floor), a test or
// a one-off caller runs it through in one go with runSteps. Same code, same result, either way.

/** Run `steps` to its end at once; its return value. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
