import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: ApiError | Error } | { state: 'ready'; data: T };

/**
 * Loads a GET endpoint, again whenever the path changes; `reload` fetches it anew.
 * @example const claims = useApi<{ claims: Claim[] }>(`/v1/admin/service/claims?status=${status}`)
 */
export function useApi<T>(path: string | undefined): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setLoaded({ state: 'loading' });
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
