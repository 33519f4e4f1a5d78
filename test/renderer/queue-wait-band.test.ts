// A new caller's estimated wait on a queue card (issue 17 point 3): a band from the core's forecast, with
// the full sentence (a forecast, the state-based model, the handle time's source) for the title and screen
// readers; no forecast, or nobody staffing the queue, shows a dash and never a number.
import { mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { QueueForecast } from '../../common/alerts';
import QueueWaitBand from '../../renderer/src/components/QueueWaitBand.vue';
import { i18n } from '../../renderer/src/i18n';

const forecast: QueueForecast = { queueId: 'q1', nextSlPct: 70, waitLowSec: 40, waitHighSec: 90, agents: 3, erlangs: 2.5, ahtSec: 200, ahtFrom: 'records' };
const band = (f: QueueForecast | undefined) => mount(QueueWaitBand, { props: { forecast: f }, global: { plugins: [i18n] } });

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('the wait band on a queue card', () => {
  it('shows a forecast as a band, and says what it is', () => {
    const w = band(forecast);
    const el = w.get('[data-testid="queue-wait-band"]');
    expect(el.attributes('data-state')).toBe('band');
    expect(el.get('[aria-hidden="true"]').text()).toBe('Est. wait 0:40–1:30');
    const sentence = 'Estimated wait for a new caller: 0:40 to 1:30. A forecast from the state-based estimate (the callers ahead and how fast the agents free up), with a handle time of 3:20 from today’s call records.';
    expect(el.attributes('title')).toBe(sentence);
    expect(el.get('.visually-hidden').text()).toBe(sentence);
  });

  it('shows one figure when nobody waits and an agent is free', () => {
    expect(band({ ...forecast, waitLowSec: 0, waitHighSec: 0 }).text()).toContain('Est. wait 0:00');
  });

  it('says a band reaching an hour in whole minutes, the exact figures kept in the title', () => {
    const long = { ...forecast, waitLowSec: 1426, waitHighSec: 3734 };
    const el = band(long).get('[data-testid="queue-wait-band"]');
    expect(el.get('[aria-hidden="true"]').text()).toBe('Est. wait 23–63 min');
    expect(el.attributes('title')).toContain('23:46 to 1:02:14');
    expect(band({ ...forecast, waitLowSec: 600, waitHighSec: 3599 }).get('[aria-hidden="true"]').text()).toBe('Est. wait 10:00–59:59');
    i18n.global.locale.value = 'vi';
    expect(band(long).get('[aria-hidden="true"]').text()).toBe('Chờ dự kiến 23–63 phút');
  });

  it('shows a dash, not a number, without a forecast or with nobody staffing the queue', () => {
    for (const f of [undefined, { ...forecast, agents: 0, waitLowSec: 200, waitHighSec: 400 }]) {
      const el = band(f).get('[data-testid="queue-wait-band"]');
      expect(el.attributes('data-state')).toBe('none');
      expect(el.get('[aria-hidden="true"]').text()).toBe('Est. wait —');
      expect(el.text()).not.toMatch(/\d:\d\d/);
      expect(el.attributes('title')).toMatch(/^No estimate of a new caller’s wait yet/);
    }
  });

  it('speaks Vietnamese and Portuguese', () => {
    i18n.global.locale.value = 'vi';
    expect(band(forecast).get('[aria-hidden="true"]').text()).toBe('Chờ dự kiến 0:40–1:30');
    i18n.global.locale.value = 'pt-BR';
    expect(band(forecast).get('[data-testid="queue-wait-band"]').attributes('title')).toContain('Espera estimada de quem ligar agora: 0:40 a 1:30');
  });
});
