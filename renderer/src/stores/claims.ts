// The floor's call-back claims (issue 18, a console on a floor hub): who is calling which abandoned caller
// back, as main sends them whole on 'claims:changed'. Empty when the console is not on a hub.
import { defineStore } from 'pinia';
import { onScopeDispose, shallowRef, watch } from 'vue';
import type { FloorClaim } from '../../../common/domain';
import { getBridge } from '../bridge';
import { useSessionStore } from './session';

export const useClaimsStore = defineStore('claims', () => {
  const bridge = getBridge();
  const session = useSessionStore();
  /** By abandoned call id (AbandonedCall.id). */
  const byCall = shallowRef<ReadonlyMap<string, FloorClaim>>(new Map());
  const apply = (claims: FloorClaim[]): void => {
    byCall.value = new Map(claims.map((c) => [c.callId, c]));
  };
  onScopeDispose(bridge.onClaims(apply));

  async function load(): Promise<void> {
    const r = await bridge.getClaims();
    if (r.ok) apply(r.data);
  }
  void load();
  // A new connection (another hub, or none) has other claims.
  watch(() => session.session.hub?.floor ?? null, () => void load());

  /** The claim on any of a caller's records, newest first (a caller hangs up several times). */
  function claimOf(ids: readonly string[]): FloorClaim | null {
    for (const id of ids) {
      const c = byCall.value.get(id);
      if (c) return c;
    }
    return null;
  }
  /** This screen's own claim? The holder's name and extension are this supervisor's. */
  const mine = (c: FloorClaim): boolean =>
    c.by.name === session.session.user && (c.by.extension ?? '') === (session.session.ownExtension ?? '');

  return { byCall, claimOf, mine, load };
});
