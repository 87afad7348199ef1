import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { useT } from '../i18n/index.js';
import type { SessionInfo } from '../session.js';

export function SignInPage({ onSignedIn }: { onSignedIn: (s: SessionInfo) => void }) {
  const { t } = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [shopId, setShopId] = useState('');
  const [shops, setShops] = useState<string[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="sign-in">
      <h1>{t('signIn.title')}</h1>
      <form
        class="card"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            onSignedIn(await api<SessionInfo>('/admin/api/login', { method: 'POST', body: { email, password, ...(shopId ? { shopId } : {}) } }));
          } catch (err) {
            const code = err instanceof ApiError ? err.code : '';
            if (code === 'shop_required') setShops([]);
            setError(code === 'too_many_attempts' ? t('signIn.tooMany', { minutes: 15 }) : code === 'invalid_credentials' ? t('signIn.invalid') : code === 'shop_required' ? undefined : (err as Error).message);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label class="field">
          {t('signIn.email')}
          <input type="email" name="email" autoComplete="username" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          {t('signIn.password')}
          <input type="password" name="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </label>
        {shops && (
          <label class="field">
            {t('signIn.shop')}
            <input name="shop" required value={shopId} onInput={(e) => setShopId((e.target as HTMLInputElement).value)} />
            <span class="help">{t('signIn.shopHelp', { shops: shops.join(', ') || '…' })}</span>
          </label>
        )}
        {error && (
          <p class="state-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
