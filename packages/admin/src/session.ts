import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Formatters } from './format.js';

export type Role = 'owner' | 'staff';

/** What `GET /admin/api/session` and `POST /admin/api/login` answer. */
export interface SessionInfo {
  user: { email: string; role: Role };
  shop: { id: string; name: string; currency?: string };
  csrfToken: string;
  expiresAt: string;
}

export const SessionContext = createContext<{ session: SessionInfo; fmt: Formatters; signOut: () => void } | undefined>(undefined);

/** The signed-in session (only inside the signed-in layout). */
export function useSession() {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession() outside the signed-in layout');
  return s;
}
