import { z } from 'zod';
import { errorBody } from './params.js';
import { COMMON_ERRORS, type ErrorSpec, type RouteSpec } from './route.js';

type Json = Record<string, unknown>;

export interface OpenApiOptions {
  title: string;
  version: string;
  description?: string;
  /** where the routes are mounted, e.g. `/api/v1` */
  basePath: string;
  /** shared schemas to name in components.schemas (so the document refers to them instead of repeating them) */
  components?: Record<string, z.ZodType>;
  /** errors every route can answer (default: UNAUTHORIZED, INTERNAL) */
  commonErrors?: readonly ErrorSpec[];
}

const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);
const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** A schema as plain JSON Schema 2020-12 (the dialect of OpenAPI 3.1), without the `$schema`/`$id` keys. */
function plain(schema: Json): Json {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

/** Query or path parameters of a zod object, one OpenAPI parameter per property (description on the parameter). */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): Json[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Json;
  const props = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

/**
 * The OpenAPI 3.1 document of a set of routes, generated from their zod schemas: every route, its parameters
 * (query, path, prefix families such as `attr.<key>`), request body, success answer and error codes. Response
 * schemas state exactly the fields answered today (`additionalProperties: false`); new fields come with a new
 * document.
 */
export function buildOpenApi(routes: Record<string, RouteSpec>, o: OpenApiOptions): Json {
  const registry = z.registry<{ id: string }>();
  registry.add(errorBody, { id: 'Error' });
  for (const [id, schema] of Object.entries(o.components ?? {})) registry.add(schema, { id });
  const responseRef = new Map<string, string>();
  for (const [id, r] of Object.entries(routes)) {
    const known = registry.get(r.response)?.id;
    const name = known ?? `${pascal(id)}Response`;
    if (!known) registry.add(r.response, { id: name });
    responseRef.set(id, name);
  }
  const converted = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  const schemas = Object.fromEntries(Object.entries(converted.schemas).map(([k, v]) => [k, plain(v)]));

  const paths: Record<string, Record<string, Json>> = {};
  for (const [id, r] of Object.entries(routes)) {
    const params = [...parameters(r.params, 'path'), ...parameters(r.query, 'query')];
    for (const p of r.prefixParams ?? []) {
      params.push({
        name: `${p.prefix}<key>`,
        in: 'query',
        required: false,
        description: `${p.description} (a family of parameters: replace <key> with the attribute key)`,
        schema: { type: 'string' },
        'x-argus-prefix': p.prefix,
      });
    }
    const errors: ErrorSpec[] = [...(r.errors ?? [])];
    if (r.params || r.query || r.body)
      errors.push({ status: 400, code: 'INVALID_PARAM', when: 'a parameter is malformed or out of range' });
    errors.push(...(o.commonErrors ?? COMMON_ERRORS));
    const byStatus = new Map<number, ErrorSpec[]>();
    for (const e of errors) byStatus.set(e.status, [...(byStatus.get(e.status) ?? []), e]);
    const responses: Record<string, Json> = {
      [String(r.status ?? 200)]: {
        description: r.summary,
        content: { [r.responseType ?? 'application/json']: { schema: { $ref: `#/components/schemas/${responseRef.get(id) ?? ''}` } } },
      },
    };
    for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
      responses[String(status)] = {
        description: list.map((e) => `\`${e.code}\`: ${e.when}`).join('; '),
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/Error' },
            examples: Object.fromEntries(list.map((e) => [e.code, { value: { code: e.code, message: e.when } }])),
          },
        },
      };
    }
    const op: Json = { operationId: id, summary: r.summary, tags: [r.tag], parameters: params, responses };
    if (r.body) {
      op.requestBody = {
        required: true,
        content: {
          [r.bodyType ?? 'application/json']: { schema: plain(z.toJSONSchema(r.body, { io: 'input', target: 'draft-2020-12' })) },
        },
      };
    }
    const path = `${o.basePath}${toOpenApiPath(r.path)}`;
    paths[path] = { ...(paths[path] ?? {}), [r.method]: op };
  }
  return {
    openapi: '3.1.0',
    info: { title: o.title, version: o.version, ...(o.description ? { description: o.description } : {}) },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [...new Set(Object.values(routes).map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: { schemas },
  };
}
