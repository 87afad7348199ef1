// The public surface of secrets/: other parts of the server import from here,
// not from its files (see docs/architecture.md).
export { isSealedUnderCurrentKey, openColumn, sealColumn } from './secret-keys.js';
