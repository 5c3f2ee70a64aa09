// Writes the TypeScript types of the sync protocol from openapi.json, so the types cannot drift from the
// document both sides validate against. Pure: the script (scripts/gen-protocol-types.ts) writes the output
// to protocol/types.gen.ts and test/unit/protocol/types.test.ts fails when the committed file differs
// from what the document gives today. Only the JSON Schema the document uses is supported; anything
// else throws, so a new construct cannot be silently typed as `unknown`.

export interface JsonSchema {
  $ref?: string;
  type?: string;
  enum?: readonly string[];
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  items?: JsonSchema;
  description?: string;
  additionalProperties?: boolean;
  oneOf?: readonly JsonSchema[];
  const?: string | number | boolean;
}

interface OpenApiOperation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<
    string,
    { $ref?: string; description?: string; content?: Record<string, { schema: JsonSchema }> }
  >;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

const COMPONENT_REF = '#/components/schemas/';

const quote = (text: string): string => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

function typeOf(schema: JsonSchema, indent: string, where: string): string {
  if (schema.$ref !== undefined) {
    if (!schema.$ref.startsWith(COMPONENT_REF)) throw new Error(`${where}: unsupported $ref ${schema.$ref}`);
    return schema.$ref.slice(COMPONENT_REF.length);
  }
  if (schema.oneOf !== undefined)
    return schema.oneOf.map((option, index) => wrap(typeOf(option, indent, `${where}|${index}`))).join(' | ');
  if (schema.const !== undefined)
    return typeof schema.const === 'string' ? quote(schema.const) : String(schema.const);
  if (schema.enum !== undefined) {
    if (schema.type !== 'string') throw new Error(`${where}: only string enums are supported`);
    return schema.enum.map(quote).join(' | ');
  }
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      if (!schema.items) throw new Error(`${where}: array without items`);
      return `${wrap(typeOf(schema.items, indent, `${where}[]`))}[]`;
    case 'object':
      if (!schema.properties) return 'Record<string, unknown>';
      return objectType(schema, indent, where);
    default:
      throw new Error(`${where}: unsupported schema type ${String(schema.type)}`);
  }
}

const wrap = (type: string): string => (type.includes(' | ') ? `(${type})` : type);

function objectType(schema: JsonSchema, indent: string, where: string): string {
  const required = new Set(schema.required ?? []);
  const inner = `${indent}  `;
  const lines = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const doc = property.description ? `${inner}/** ${property.description} */\n` : '';
    const optional = required.has(name) ? '' : '?';
    const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : quote(name);
    return `${doc}${inner}${key}${optional}: ${typeOf(property, inner, `${where}.${name}`)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function bodySchema(content: Record<string, { schema: JsonSchema }> | undefined): JsonSchema | undefined {
  return content?.['application/json']?.schema;
}

export function generateProtocolTypes(document: OpenApiDocument): string {
  const out: string[] = [
    '// Generated from protocol/openapi.json by protocol/generate-types.ts. Do not edit by hand:',
    '// run `npm run gen:protocol` (test/unit/protocol/types.test.ts fails while this file is stale).',
    '',
  ];
  for (const [name, schema] of Object.entries(document.components.schemas)) {
    const where = `components.schemas.${name}`;
    if (schema.description) out.push(`/** ${schema.description} */`);
    if (schema.type === 'object' && schema.properties) {
      out.push(`export interface ${name} ${objectType(schema, '', where)}`);
    } else {
      out.push(`export type ${name} = ${typeOf(schema, '', where)};`);
    }
    if (schema.enum) {
      out.push(`export const ${camel(name)}Values = [${schema.enum.map(quote).join(', ')}] as const;`);
    }
    out.push('');
  }

  out.push('/** Every component schema by its name in the document. */');
  out.push('export interface Schemas {');
  for (const name of Object.keys(document.components.schemas)) out.push(`  ${name}: ${name};`);
  out.push('}', '');

  out.push('/** Request body and 200 answer of each operation (undefined: none). */');
  out.push('export interface Operations {');
  const operationIds: string[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const where = `paths.${path}.${method}`;
      const request = bodySchema(operation.requestBody?.content);
      const ok = operation.responses['200'];
      const response = ok ? bodySchema(ok.content) : undefined;
      operationIds.push(operation.operationId);
      out.push(`  ${operation.operationId}: {`);
      out.push(`    request: ${request ? typeOf(request, '    ', where) : 'undefined'};`);
      out.push(`    response: ${response ? typeOf(response, '    ', where) : 'undefined'};`);
      out.push('  };');
    }
  }
  out.push('}', '');
  out.push(`export type OperationId = ${operationIds.map(quote).join(' | ')};`);
  out.push(`export const operationIds = [${operationIds.map(quote).join(', ')}] as const;`);
  return `${out.join('\n')}\n`;
}
