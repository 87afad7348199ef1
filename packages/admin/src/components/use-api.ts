import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: ApiError | Error } | { state: 'ready'; data: T };

/**
 * Loads a GET endpoint, again whenever the path changes; `reload` fetches it anew
 * (keeping what is shown until the answer).
 * @example const claims = useApi<{ claims: Claim[] }>(`/v1/admin/service/claims?status=${status}`)
 */
export function useApi<T>(path: string | undefined): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const shown = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!path) return;
    let live = true;
    // A reload of the same data keeps it on screen (and the page's state) until the new answer.
    if (shown.current !== path) setLoaded({ state: 'loading' });
    shown.current = path;
    api<T>(path).then(
      (data) => live && setLoaded({ state: 'ready', data }),
      (error: Error) => live && setLoaded({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return [loaded, reload];
}
