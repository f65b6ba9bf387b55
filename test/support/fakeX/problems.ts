/**
 * X's refusals, shaped as X shapes them. A 400 is X's "invalid request" problem with one
 * `{ parameters, message }` per broken parameter (developer community, "Questions about error response
 * structure", 2021); the messages of a body that breaks the OpenAPI schema are those of the JSON-schema
 * validator X runs, e.g. `$.reply.in_reply_to_tweet_id: does not match the regex pattern ^[0-9]{1,19}$`
 * and `$.Content-Type: is not defined in the schema and the schema does not allow additional properties`
 * (both seen from X in 2024–2026 and quoted in bug reports; the wording is networknt json-schema-validator's).
 */
import { Ajv, type ErrorObject } from 'ajv';

export interface XProblemItem {
  parameters: Record<string, string[]>;
  message: string;
}

/** The 400 body. The `type` host is api.x.com in answers observed in 2026 (it was api.twitter.com before). */
export function invalidRequest(errors: XProblemItem[]) {
  return {
    errors,
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.x.com/2/problems/invalid-request',
  };
}

/** One problem naming one parameter and its value as sent. */
export function problem(parameter: string, value: string | undefined, message: string): XProblemItem {
  return { parameters: { [parameter]: value === undefined ? [] : [value] }, message };
}

/** Any OAuth failure on v2 (missing, wrong key, token or signature): X's bare 401, without rate-limit headers. */
export const UNAUTHORIZED = { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' };

const ajv = new Ajv({ allErrors: true, strict: false });

/** A checker for one request schema of `schemas.ts`, answering X's problem items (none when valid). */
export function schemaChecker(schema: object): (body: unknown) => XProblemItem[] {
  const validate = ajv.compile(schema);
  return (body) => (validate(body) ? [] : (validate.errors ?? []).map((e) => describe(e, body)));
}

/** ajv's error in the words of X's validator: `$.a.b[0]: …`. */
function describe(error: ErrorObject, body: unknown): XProblemItem {
  const path = `$${error.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${unescape(s)}`)).join('')}`;
  const value = at(body, error.instancePath);
  const p = error.params as Record<string, any>;
  const item = (where: string, what: unknown, message: string) => problem(where, JSON.stringify(what ?? null), `${where}: ${message}`);
  switch (error.keyword) {
    case 'additionalProperties': {
      const where = `${path}.${p.additionalProperty}`;
      return item(where, (value as Record<string, unknown>)?.[p.additionalProperty], 'is not defined in the schema and the schema does not allow additional properties');
    }
    case 'required':
      return item(`${path}.${p.missingProperty}`, value, 'is missing but it is required');
    case 'type':
      return item(path, value, `${jsonType(value)} found, ${p.type} expected`);
    case 'pattern':
      return item(path, value, `does not match the regex pattern ${p.pattern}`);
    case 'enum':
      return item(path, value, `does not have a value in the enumeration [${(p.allowedValues as unknown[]).join(', ')}]`);
    case 'minItems':
      return item(path, value, `there must be a minimum of ${p.limit} items in the array`);
    case 'maxItems':
      return item(path, value, `there must be a maximum of ${p.limit} items in the array`);
    case 'minLength':
      return item(path, value, `must be at least ${p.limit} characters long`);
    case 'maxLength':
      return item(path, value, `may only be ${p.limit} characters long`);
    case 'minimum':
      return item(path, value, `must have a minimum value of ${p.limit}`);
    case 'maximum':
      return item(path, value, `must have a maximum value of ${p.limit}`);
    default:
      return item(path, value, error.message ?? error.keyword);
  }
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function at(body: unknown, pointer: string): unknown {
  let node = body;
  for (const segment of pointer.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[unescape(segment)];
  return node;
}

/** The JSON type names of X's validator: `integer` for whole numbers, as JSON Schema counts them. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
