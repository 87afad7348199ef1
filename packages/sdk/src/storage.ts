/** Where the sdk keeps its identifiers and queue: localStorage when allowed, memory otherwise. */
export interface Store {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  /** Writes everything held in memory to localStorage (after consent is given). */
  persistAll(): void;
  /** Deletes every value the sdk keeps, in memory and in localStorage. */
  clear(): void;
}

const prefix = 'vitrina.';

/**
 * A store that writes through to localStorage while `persist()` is true and
 * keeps values in memory otherwise. Storage errors (private mode, quota, a
 * blocked localStorage) fall back to memory and never reach the page.
 * @example const store = createStore(() => true); store.set('aid', 'a1'); store.get('aid') // => 'a1'
 */
export function createStore(persist: () => boolean): Store {
  let memory: Record<string, unknown> = {};
  const write = (key: string, value: unknown) => {
    try {
      if (persist()) localStorage.setItem(prefix + key, JSON.stringify(value));
    } catch {
      // Full or blocked: drop the stale copy so that reads use memory.
      try {
        localStorage.removeItem(prefix + key);
      } catch {}
    }
  };
  return {
    get<T>(key: string) {
      try {
        const raw = persist() && localStorage.getItem(prefix + key);
        if (raw) return JSON.parse(raw) as T;
      } catch {}
      return memory[key] as T | undefined;
    },
    set(key, value) {
      memory[key] = value;
      write(key, value);
    },
    persistAll() {
      for (const key in memory) write(key, memory[key]);
    },
    clear() {
      memory = {};
      try {
        for (const key of Object.keys(localStorage)) if (key.startsWith(prefix) && key != prefix + 'consent') localStorage.removeItem(key);
      } catch {}
    },
  };
}
