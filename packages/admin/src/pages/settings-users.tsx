import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { DataTable } from '../components/data-table.js';
import { ErrorState, WhenLoaded } from '../components/states.js';
import { useApi } from '../components/use-api.js';
import { useT } from '../i18n/index.js';
import { useSession, type Role } from '../session.js';

interface User {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
}

/** The shop's panel users: the list, removal, and a form to add one. */
export function UsersSection() {
  const { t } = useT();
  const { fmt, session } = useSession();
  const [loaded, reload] = useApi<{ users: User[] }>('/v1/admin/users');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const act = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
      reload();
    } catch (err) {
      setError(err as Error);
    }
  };
  return (
    <>
      <WhenLoaded loaded={loaded} onRetry={reload}>
        {({ users }) => (
          <DataTable
            id="users"
            title={t('settings.users')}
            rows={users}
            columns={[
              { key: 'email', label: t('col.email'), value: (u) => u.email },
              { key: 'role', label: t('settings.role'), value: (u) => u.role },
              { key: 'created', label: t('settings.added'), value: (u) => u.createdAt, render: (u) => fmt.dateTime(u.createdAt) },
              {
                key: 'remove',
                label: t('settings.remove'),
                value: () => '',
                render: (u) =>
                  u.email === session.user.email ? (
                    '–'
                  ) : (
                    <button type="button" class="secondary" aria-label={`${t('settings.remove')} ${u.email}`} onClick={() => void act(() => api(`/v1/admin/users/${encodeURIComponent(u.id)}`, { method: 'DELETE' }))}>
                      {t('settings.remove')}
                    </button>
                  ),
              },
            ]}
          />
        )}
      </WhenLoaded>
      <form
        class="card"
        aria-labelledby="add-user-title"
        onSubmit={(e) => {
          e.preventDefault();
          void act(async () => {
            await api('/v1/admin/users', { method: 'POST', body: { email, role, password } });
            setEmail('');
            setPassword('');
          });
        }}
      >
        <h2 id="add-user-title">{t('settings.addUser')}</h2>
        <label class="field">
          {t('col.email')}
          <input type="email" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          {t('settings.role')}
          <select value={role} onChange={(e) => setRole((e.target as HTMLSelectElement).value as Role)}>
            <option value="staff">staff</option>
            <option value="owner">owner</option>
          </select>
        </label>
        <label class="field">
          {t('settings.newPassword')}
          <input type="password" autoComplete="new-password" required minLength={10} value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">{t('settings.addUser')}</button>
        {error && <ErrorState error={error} />}
      </form>
    </>
  );
}
