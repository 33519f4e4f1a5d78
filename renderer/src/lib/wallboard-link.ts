// Where the wallboard lives: the same page with `view=wallboard` in the URL fragment (beside the web host's
// secret), and how the console opens it: the desktop shell opens its own window; a browser opens a tab.
import { getBridge } from '../bridge';

const WALLBOARD_VIEW = 'wallboard';

export function isWallboardView(hash: string = location.hash): boolean {
  return new URLSearchParams(hash.replace(/^#/, '')).get('view') === WALLBOARD_VIEW;
}

function wallboardHash(hash: string = location.hash): string {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  params.set('view', WALLBOARD_VIEW);
  return `#${params.toString()}`;
}

export async function openWallboard(): Promise<void> {
  const r = await getBridge().openWallboard();
  if (r.ok && r.data) return;
  window.open(`${location.origin}${location.pathname}${wallboardHash()}`, '_blank', 'noopener');
}
