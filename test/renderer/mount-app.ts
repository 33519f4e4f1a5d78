// Mounts a renderer component the way main.ts does (real Pinia stores, vue-i18n), over a fake bridge.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { Component, ComponentOptions } from 'vue';
import { applyLocale, i18n } from '../../renderer/src/i18n';
import { installBridge, type FakeBridge } from './fake-bridge';

export async function mountWith(
  component: Component,
  bridge: FakeBridge,
  props: Record<string, unknown> = {},
  /** Global mixins (a render counter, say). */
  mixins: ComponentOptions[] = [],
): Promise<{ wrapper: VueWrapper; pinia: Pinia }> {
  installBridge(bridge);
  applyLocale('en');
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(component, { props, attachTo: document.body, global: { plugins: [pinia, i18n], mixins } });
  await flushPromises();
  return { wrapper, pinia };
}
