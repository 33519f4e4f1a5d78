// The few browser globals the tests' in-page functions touch, typed by hand: the node type-check has no
// DOM lib, and adding it to the whole program would hide a stray `window` in main-process code.
// In-page functions cast `globalThis` to PageGlobals (a cast compiles to nothing, so serialising stays safe).

interface PageStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
}

interface PageRequest<T> {
  result: T;
  error: unknown;
  onsuccess: (() => void) | null;
  onerror: (() => void) | null;
}

interface PageDatabase {
  readonly objectStoreNames: ArrayLike<string> & Iterable<string>;
  transaction(store: string): { objectStore(name: string): { getAll(): PageRequest<unknown[]> } };
  close(): void;
}

export interface RecordedNotification {
  title: string;
  body: string;
}

export interface PageGlobals {
  __notifications: RecordedNotification[];
  Notification: new (title: string, options?: { body?: string; tag?: string }) => object;
  localStorage: PageStorage;
  sessionStorage: PageStorage;
  indexedDB: { databases(): Promise<{ name?: string }[]>; open(name: string): PageRequest<PageDatabase> };
  document: { cookie: string; body: object };
  getComputedStyle(element: object): { backgroundColor: string };
}
