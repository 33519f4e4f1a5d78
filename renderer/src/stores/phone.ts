// The supervisor's own phone as main knows it (main/core/phone/own-phone.ts): registration, the monitoring
// session (which call, listen / whisper / barge) and the phone's other legs (a call-back in progress).
// Replaced whole by each 'phone:changed'; read again whenever the session changes (a connect, the web
// host coming back), so a missed event cannot leave a session on screen that main has ended.
import { defineStore } from 'pinia';
import { computed, onScopeDispose, shallowRef, watch } from 'vue';
import type { OwnPhone } from '../../../common/domain';
import { getBridge } from '../bridge';
import { useSessionStore } from './session';

const NO_PHONE: OwnPhone = { extension: null, registration: 'not-set', monitoring: null, legs: [], busy: false, ended: null };

export const usePhoneStore = defineStore('phone', () => {
  const bridge = getBridge();
  const session = useSessionStore();
  const phone = shallowRef<OwnPhone>(NO_PHONE);

  async function refresh(): Promise<void> {
    const r = await bridge.getPhone();
    if (r.ok) phone.value = r.data;
  }

  const off = bridge.onPhone((p) => (phone.value = p));
  const stop = watch(() => session.session, () => void refresh(), { immediate: true });
  onScopeDispose(() => {
    off();
    stop();
  });

  /** The monitored call's id (its row shows the mode), or null. */
  const monitoredCallId = computed(() => phone.value.monitoring?.callId ?? null);

  /** Demo only: the simulated supervisor hangs up. */
  async function hangUpDemo(): Promise<void> {
    const r = await bridge.hangUpDemoPhone();
    if (r.ok) phone.value = r.data;
  }

  return { phone, monitoredCallId, refresh, hangUpDemo };
});
