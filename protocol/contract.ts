// The sync contract, compiled from openapi.json (shared by main/sync and central/): the central server validates requests and
// responses with it, and the kiosk validates every answer with the same compiled schemas, so the
// document cannot drift from either side.
import crypto from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import openapi from './openapi.json' with { type: 'json' };
import {
  documentKindValues,
  eventTypeValues,
  type DocumentKind,
  type EventType,
  type OperationId,
  type Problem,
  type Schemas,
} from './types.gen.ts';

export const openapiDocument = openapi;

// The message types are generated from openapi.json (protocol/types.gen.ts); nothing here restates them.
export type {
  DocumentKind,
  EventRecord,
  EventType,
  OperationId,
  Operations,
  Problem,
  PushRequest,
  PushResponse,
  Receipt,
  RegisterRequest,
  RegisterResponse,
  Schemas,
  SignedDocument,
  TimeResponse,
} from './types.gen.ts';

export const eventTypes: readonly EventType[] = eventTypeValues;
export const documentKinds: readonly DocumentKind[] = documentKindValues;
export type ProblemCode = Problem['error'];

/** Which scopes a kind may be published in. */
export const documentScopes: Readonly<Record<DocumentKind, readonly ('city' | 'hall')[]>> = {
  catalog: ['city', 'hall'],
  'hall-config': ['hall'],
  staff: ['hall'],
  'credit-restrictions': ['city'],
};

/** One entry of the city-wide `credit-restrictions` document: `subject` = creditSubject(ID number
 *  or unified social credit code); `until` YYYY-MM-DD inclusive, or null until repaired. */
export type CreditRestriction = Schemas['CreditRestriction'];
export type CreditRestrictionsContent = Schemas['CreditRestrictionsContent'];

/** What a credit restriction is keyed by: no plain ID number ever travels or is stored. The ID
 *  number (or unified social credit code) is upper-cased first, so a trailing x matches X. */
export function creditSubject(idOrCode: string): string {
  return crypto
    .createHash('sha256')
    .update(`gov-kiosk-credit-v1:${idOrCode.trim().toUpperCase()}`, 'utf8')
    .digest('hex');
}

/** Largest JSON text of one record, and of one push body: the server answers 413 above them
 *  (the kiosk's outbox refuses records over the same size when they are written). A record is measured as
 *  the kiosk measures it: the JSON text length of its payload plus that of its personal fields.. */
export const maxRecordBytes = 256 * 1024;
export const maxPushBodyBytes = 4 * 1024 * 1024;

/** The largest batch the contract allows; senders should stay well below it. */
export const maxBatchRecords: number = openapi.components.schemas.PushRequest.properties.records.maxItems;

const schemaBase = 'urn:gov-kiosk:sync';

/** JSON Schema pieces of the document, with `#/components/schemas/X` references re-pointed at a
 *  schema registered under `schemaBase`, so each piece compiles on its own. */
function repoint(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(repoint);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
      out[key] = `${schemaBase}#/$defs/${value.slice('#/components/schemas/'.length)}`;
    } else out[key] = repoint(value);
  }
  return out;
}

function resolveResponse(response: unknown): { content?: Record<string, { schema: unknown }> } {
  const ref = (response as { $ref?: string }).$ref;
  if (ref?.startsWith('#/components/responses/')) {
    const name = ref.slice('#/components/responses/'.length) as keyof typeof openapi.components.responses;
    return openapi.components.responses[name] as { content?: Record<string, { schema: unknown }> };
  }
  return response as { content?: Record<string, { schema: unknown }> };
}

interface OperationInfo {
  method: string;
  path: string;
  operation: {
    operationId: string;
    parameters?: Array<{ name: string; in: string; required?: boolean; schema: unknown }>;
    requestBody?: { content: Record<string, { schema: unknown }> };
    responses: Record<string, unknown>;
    security?: unknown[];
  };
}

function operations(): Map<string, OperationInfo> {
  const found = new Map<string, OperationInfo>();
  for (const [path, methods] of Object.entries(openapi.paths)) {
    for (const [method, operation] of Object.entries(methods as Record<string, OperationInfo['operation']>)) {
      found.set(operation.operationId, { method: method.toUpperCase(), path, operation });
    }
  }
  return found;
}

/** Fastify's route schema for one operation: body, params, querystring and per-status responses,
 *  all as JSON Schema taken from the OpenAPI document. */
export interface RouteSchema {
  body?: unknown;
  params?: unknown;
  querystring?: unknown;
  response: Record<string, unknown>;
}

export interface Contract {
  /** Null when `body` matches the schema of `operationId`'s answer for `status`; otherwise a
   *  one-line description of the first mismatch. */
  checkResponse(operationId: OperationId, status: number, body: unknown): string | null;
  checkRequest(operationId: OperationId, body: unknown): string | null;
  /** Null when `value` matches the named schema of components.schemas (e.g. a document's content). */
  checkSchema(name: string, value: unknown): string | null;
  routeSchema(operationId: OperationId): RouteSchema;
  route(operationId: OperationId): { method: string; path: string; authenticated: boolean };
  /** Narrows `value` to the generated type of component `name` when it matches that schema. */
  is<K extends keyof Schemas>(name: K, value: unknown): value is Schemas[K];
  /** An Ajv compiler that knows the document's schemas (for Fastify's validator/serializer hooks). */
  compile(schema: unknown, options?: { coerce?: boolean }): ValidateFunction;
}

function describeErrors(validate: ValidateFunction): string {
  const first = validate.errors?.[0];
  if (!first) return 'does not match the protocol';
  return `${first.instancePath || '(body)'} ${first.message ?? 'is invalid'}`;
}

let shared: Contract | undefined;

/** The compiled contract (built once per process: compiling takes a few milliseconds). */
export function contract(): Contract {
  if (shared) return shared;
  const defs = { $id: schemaBase, $defs: repoint(openapi.components.schemas) };
  const make = (coerce: boolean): Ajv2020 => {
    const ajv = new Ajv2020({ allErrors: false, coerceTypes: coerce, strict: true });
    ajv.addSchema(defs);
    return ajv;
  };
  const strictAjv = make(false);
  const coercingAjv = make(true);
  const ops = operations();
  const cache = new Map<string, ValidateFunction>();
  const compiled = (key: string, schema: unknown): ValidateFunction => {
    let validate = cache.get(key);
    if (!validate) {
      validate = strictAjv.compile(repoint(schema) as object);
      cache.set(key, validate);
    }
    return validate;
  };
  const info = (operationId: OperationId): OperationInfo => {
    const found = ops.get(operationId);
    if (!found) throw new Error(`Operation ${operationId} is not in the OpenAPI document.`);
    return found;
  };
  const responseSchema = (operationId: OperationId, status: number): unknown | null | undefined => {
    const response = info(operationId).operation.responses[String(status)];
    if (!response) return undefined;
    return resolveResponse(response).content?.['application/json']?.schema ?? null;
  };

  shared = {
    checkResponse(operationId, status, body) {
      const schema = responseSchema(operationId, status);
      if (schema === undefined) return `status ${status} is not a documented answer of ${operationId}`;
      if (schema === null)
        return body === undefined || body === null || body === '' ? null : 'unexpected body';
      const validate = compiled(`${operationId}:${status}`, schema);
      return validate(body) ? null : describeErrors(validate);
    },
    checkSchema(name, value) {
      if (!(name in openapi.components.schemas)) return `there is no schema ${name}`;
      const validate = compiled(`schema:${name}`, { $ref: `#/components/schemas/${name}` });
      return validate(value) ? null : describeErrors(validate);
    },
    checkRequest(operationId, body) {
      const schema = info(operationId).operation.requestBody?.content['application/json']?.schema;
      if (!schema) return body === undefined ? null : 'unexpected body';
      const validate = compiled(`${operationId}:request`, schema);
      return validate(body) ? null : describeErrors(validate);
    },
    routeSchema(operationId) {
      const { operation } = info(operationId);
      const out: RouteSchema = { response: {} };
      const body = operation.requestBody?.content['application/json']?.schema;
      if (body) out.body = repoint(body);
      for (const where of ['path', 'query'] as const) {
        const params = (operation.parameters ?? []).filter((parameter) => parameter.in === where);
        if (params.length === 0) continue;
        const schema = {
          type: 'object',
          properties: Object.fromEntries(
            params.map((parameter) => [parameter.name, repoint(parameter.schema)]),
          ),
          required: params.filter((parameter) => parameter.required).map((parameter) => parameter.name),
          // An undocumented parameter (say ?hall=another) is refused, not silently ignored.
          additionalProperties: false,
        };
        if (where === 'path') out.params = schema;
        else out.querystring = schema;
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        const schema = resolveResponse(response).content?.['application/json']?.schema;
        if (schema) out.response[status] = repoint(schema);
      }
      return out;
    },
    route(operationId) {
      const { method, path, operation } = info(operationId);
      const authenticated = !(Array.isArray(operation.security) && operation.security.length === 0);
      return { method, path, authenticated };
    },
    is<K extends keyof Schemas>(name: K, value: unknown): value is Schemas[K] {
      return compiled(`component:${name}`, { $ref: `#/components/schemas/${name}` })(value);
    },
    compile(schema, options) {
      return (options?.coerce ? coercingAjv : strictAjv).compile(schema as object);
    },
  };
  return shared;
}
