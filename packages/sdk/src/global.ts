import { createVitrina } from './client.js';

/** What the inline snippet leaves on `window.Vitrina`: calls made before the script loaded. */
type BufferedCall = [method: string, args: unknown[], resolve?: (value: unknown) => void];

// The script-tag entry: replaces the snippet's buffer with the client and replays the buffered calls.
const buffered: unknown = (window as { Vitrina?: unknown }).Vitrina;
// Loaded twice? The first client stays.
if (!buffered || Array.isArray(buffered)) {
  const sdk = createVitrina() as unknown as Record<string, (...args: unknown[]) => unknown>;
  (window as { Vitrina?: unknown }).Vitrina = sdk;
  // `<script src=".../vitrina.js" data-write-key="wk_..." [data-consent="opt-in"]>` initializes itself against the
  // script's origin; without data-consent it follows the shop's setting.
  const script = document.currentScript as HTMLScriptElement | null;
  const writeKey = script?.dataset.writeKey;
  if (writeKey) sdk.init!({ writeKey, endpoint: new URL(script.src).origin, consent: script.dataset.consent });
  if (buffered) for (const [method, args, resolve] of buffered as BufferedCall[]) resolve?.(sdk[method]?.(...args));
}
