// A new caller's estimated wait as a band ("0:40–1:30"), and the sentence that says what it is, for the queue
// cards (QueueWaitBand.vue) and the wallboard. From the core's forecast (main/core/alerts/predict-breach.ts
// waitBand: state-based, the callers ahead and the rate the queue's agents free up, not Erlang C).
// Decision (issue 17 point 3): no forecast yet, or nobody staffing the queue, shows a dash: with no agent
// the core's band is one handle time per caller ahead, a guess with no honest upper bound, and a
// supervisor should not read it as a figure.
import type { QueueForecast } from '../../../common/alerts';
import { formatDuration } from '../../../common/format';

type Translate = (key: string, named?: Record<string, unknown>) => string;

/** The forecast worth showing as a band, or null (a dash). */
export function bandForecast(f: QueueForecast | undefined): QueueForecast | null {
  return f && f.agents > 0 ? f : null;
}

/** A band reaching this many seconds is said in whole minutes. */
const MINUTES_FROM_SEC = 3600;

/**
 * "0:40–1:30"; one figure when the band is closed (nobody waiting and an agent free: 0:00); '—' without one.
 * A band reaching an hour is said in whole minutes ("24–63 min", the low end down, the high end up): seconds
 * mean nothing at that size, and "23:46–1:02:14" is too long to read from across the room (the wallboard's
 * band cell is sized for "12:40–15:30"). The title keeps the exact figures.
 */
export function waitBandText(f: QueueForecast | undefined, t: Translate): string {
  const shown = bandForecast(f);
  if (!shown) return '—';
  if (shown.waitHighSec >= MINUTES_FROM_SEC && shown.waitLowSec !== shown.waitHighSec) {
    return t('queue.waitBand.minutes', { low: Math.floor(shown.waitLowSec / 60), high: Math.ceil(shown.waitHighSec / 60) });
  }
  const low = formatDuration(shown.waitLowSec);
  return shown.waitLowSec === shown.waitHighSec ? low : `${low}–${formatDuration(shown.waitHighSec)}`;
}

/** The whole sentence (title and screen-reader text): a forecast, which model, where its handle time came from. */
export function waitBandSentence(f: QueueForecast | undefined, t: Translate): string {
  const shown = bandForecast(f);
  if (!shown) return t('queue.waitBand.none');
  return t('queue.waitBand.title', {
    low: formatDuration(shown.waitLowSec), high: formatDuration(shown.waitHighSec), aht: formatDuration(shown.ahtSec), from: t(`queue.waitBand.from.${shown.ahtFrom}`),
  });
}
