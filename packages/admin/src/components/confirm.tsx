import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n/index.js';

/**
 * An inline confirmation: the question, Confirm and Cancel. It takes the focus
 * when it opens (so a keyboard user lands on it) and Escape cancels.
 */
export function Confirm({ message, onConfirm, onCancel, danger }: { message: string; onConfirm: () => void; onCancel: () => void; danger?: boolean }) {
  const { t } = useT();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div
      class={`confirm ${danger ? 'danger' : ''}`}
      role="alertdialog"
      aria-modal="false"
      aria-label={message}
      tabIndex={-1}
      ref={box}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <p>{message}</p>
      <button type="button" class={danger ? 'danger' : undefined} onClick={onConfirm}>
        {t('customer.confirm')}
      </button>{' '}
      <button type="button" class="secondary" onClick={onCancel}>
        {t('customer.cancel')}
      </button>
    </div>
  );
}
