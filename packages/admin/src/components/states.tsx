import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.js';
import { useT } from '../i18n/index.js';
import type { Loaded } from './use-api.js';

export function Loading() {
  const { t } = useT();
  return (
    <p class="state" role="status" aria-live="polite">
      {t('state.loading')}
    </p>
  );
}

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useT();
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div class="state state-error" role="alert">
      <p>{forbidden ? error.message : t('state.error', { message: error.message })}</p>
      {onRetry && !forbidden && (
        <button type="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

/** Shows the loading or error state of a request, or its children with the data. */
export function WhenLoaded<T>({ loaded, onRetry, children }: { loaded: Loaded<T>; onRetry?: () => void; children: (data: T) => ComponentChildren }) {
  if (loaded.state === 'loading') return <Loading />;
  if (loaded.state === 'error') return <ErrorState error={loaded.error} {...(onRetry ? { onRetry } : {})} />;
  return <>{children(loaded.data)}</>;
}
