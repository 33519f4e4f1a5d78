// Keeps a panel's selected row in view: when the selection moves (keys, main's onSelect), its virtual
// list scrolls just enough to show it.
import { shallowRef, watch, type Ref } from 'vue';
import { useUiStore, type PanelId } from '../stores/ui';

interface Scroller {
  scrollToIndex(index: number): void;
}

export function useFollowSelection(panel: PanelId, ids: Ref<readonly string[]>) {
  const ui = useUiStore();
  const list = shallowRef<Scroller | null>(null);
  watch(
    () => ui.selection[panel],
    (id) => {
      if (id) list.value?.scrollToIndex(ids.value.indexOf(id));
    },
    { flush: 'post' },
  );
  return list;
}
