// The console's one ticking clock: every live counter (waits, durations, time in state, data ages) reads
// `now` from here, so a 10,000-agent floor runs one 1 s timer, not one per row.
import { defineStore } from 'pinia';
import { onScopeDispose, shallowRef } from 'vue';

const TICK_MS = 1000;

export const useClockStore = defineStore('clock', () => {
  const now = shallowRef(Date.now());
  const timer = setInterval(() => {
    now.value = Date.now();
  }, TICK_MS);
  onScopeDispose(() => clearInterval(timer));
  return { now };
});
