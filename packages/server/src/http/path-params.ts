import { storableId } from '@vitrina/protocol';
import type { Request } from 'express';
import { z } from 'zod';
import { parseOrThrow } from './errors.js';

const idParams = z.object({ id: storableId });

/**
 * The `:id` of a route's path, parsed at the edge like a query or a body:
 * one Postgres cannot compare (a NUL, sent as `%00`) or longer than any id
 * is a 400, never a database error.
 * @example idParam(req) // GET /v1/admin/customers/c%001 => 400 { error: { code: 'invalid_request', message: 'The path is not valid.', issues: [{ path: 'id', message: 'must not contain NUL characters' }] } }
 */
export function idParam(req: Pick<Request, 'params'>): string {
  return parseOrThrow(idParams, req.params, 'path').id;
}
