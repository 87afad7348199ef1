/**
 * The Vitrina browser SDK as an ES module.
 * @example
 * import { vitrina } from '@vitrina/sdk';
 * vitrina.init({ writeKey: 'wk_demo', endpoint: 'https://vitrina.example.com' });
 */
import { createVitrina } from './client.js';

export { createVitrina };
export type * from './types.js';

/** The page's client; importing it touches nothing until `init`. */
export const vitrina = createVitrina();
