// Applies the language and the theme settings to the page: 'auto' follows navigator.language, 'system'
// follows prefers-color-scheme (and its changes while the console runs).
import { onScopeDispose, shallowRef, watchEffect } from 'vue';
import { resolveLocale } from '../../../common/format';
import { applyLocale } from '../i18n';
import { useSessionStore } from '../stores/session';

export function useAppearance(): void {
  const session = useSessionStore();
  const media = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
  const systemDark = shallowRef(media?.matches ?? false);
  const onChange = (e: MediaQueryListEvent) => (systemDark.value = e.matches);
  media?.addEventListener('change', onChange);
  onScopeDispose(() => media?.removeEventListener('change', onChange));

  watchEffect(() => {
    applyLocale(resolveLocale(session.settings.locale, navigator.language));
  });
  watchEffect(() => {
    const theme = session.settings.theme;
    const dark = theme === 'dark' || (theme === 'system' && systemDark.value);
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  });
}
