// Whether an element is on screen. Queue cards and filter chips sit in short scrolled boxes (a few of tens
// in view) and every queue tick changes every queue's figures: writing them all was most of a tick's DOM
// work at 10,000 agents. A card or chip off screen holds what it showed and catches up as it scrolls into
// view (its observer fires before the next frame). Without IntersectionObserver (tests) all are on screen.
import { onBeforeUnmount, onMounted, shallowRef, type Ref } from 'vue';

export function useOnScreen(target: Readonly<Ref<Element | null>>): Readonly<Ref<boolean>> {
  const onScreen = shallowRef(true);
  let observer: IntersectionObserver | null = null;
  onMounted(() => {
    if (typeof IntersectionObserver === 'undefined' || !target.value) return;
    observer = new IntersectionObserver((entries) => {
      const last = entries.at(-1);
      if (last) onScreen.value = last.isIntersecting;
    });
    observer.observe(target.value);
  });
  onBeforeUnmount(() => observer?.disconnect());
  return onScreen;
}
