// The virtual list renders only the rows in view plus overscan, follows scrolling, and scrolls a row
// into view on request (keyboard selection).
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import VirtualList from '../../renderer/src/components/VirtualList.vue';

const items = Array.from({ length: 10_000 }, (_, i) => `r${i}`);

function mountList() {
  return mount(VirtualList, {
    props: { items, rowHeight: 20, overscan: 2, fallbackHeight: 200 },
    slots: { default: ({ item }: { item: unknown }) => h('div', { class: 'row', 'data-id': String(item) }, String(item)) },
    attachTo: document.body,
  });
}

describe('VirtualList', () => {
  it('renders a window of 10,000 items: the visible rows and the overscan only', () => {
    const w = mountList();
    const rows = w.findAll('.row');
    expect(rows).toHaveLength(12); // 200 px / 20 px + 2 overscan below
    expect(rows[0]?.attributes('data-id')).toBe('r0');
    expect((w.get('.vlist-spacer').element as HTMLElement).style.height).toBe('200000px');
    w.unmount();
  });

  it('follows the scroll position', async () => {
    const w = mountList();
    const box = w.get('.vlist').element as HTMLElement;
    box.scrollTop = 5000; // row 250 at the top
    await w.get('.vlist').trigger('scroll');
    const rows = w.findAll('.row');
    expect(rows[0]?.attributes('data-id')).toBe('r248');
    expect(rows.length).toBeLessThanOrEqual(14);
    w.unmount();
  });

  it('scrolls just enough to show a row asked for', async () => {
    const w = mountList();
    (w.vm as unknown as { scrollToIndex(i: number): void }).scrollToIndex(9_999);
    await w.vm.$nextTick();
    const ids = w.findAll('.row').map((r) => r.attributes('data-id'));
    expect(ids).toContain('r9999');
    expect(ids.length).toBeLessThanOrEqual(14);
    w.unmount();
  });
});
