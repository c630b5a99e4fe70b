/**
 * The control API (`/_emulator/*`) described as OpenAPI 3.1, served at `/_emulator/openapi.json`.
 * Written by hand next to the routes; a test checks that every registered control route is here.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const error = (description: string) => json(ref('Error'), description);
const body = (schema: object, required = true) => ({
  required,
  content: { 'application/json': { schema } },
});
const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});
const limitParam = {
  name: 'limit',
  in: 'query',
  required: false,
  description: 'The newest N entries (default and at most 1000).',
  schema: { type: 'integer', minimum: 0, maximum: 1000 },
};
const storedRecord = (what: string) =>
  json(
    { type: 'object', additionalProperties: true },
    `The stored ${what} as the emulator keeps it (times as ISO strings, merchant URL query values shown as ***).`,
  );
const badValue = error('400 `BAD_VALUE` (`Bad value: <field>`) or `BAD_REQUEST` (malformed JSON).');

export const CONTROL_OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'Klarna emulator control API',
    version: '1',
    description:
      "Test controls of the Klarna emulator: reset, the emulator clock, headless approvals, logs, stored records, fault injection, customer-token status and the Hosted Payment Page outbox. Klarna's own APIs are described by Klarna's OpenAPI files. Every error is a JSON body `{error_code, error_messages, correlation_id}`. Switched off (404) with `--no-control` / `EMULATOR_CONTROL=off`, except `/_emulator/health`. The inspector, HTML pages for people at `/_emulator/ui`, is not part of this API.",
  },
  paths: {
    '/_emulator/health': {
      get: {
        summary: 'Liveness; answers even with the control API off',
        responses: { '200': json({ type: 'object', properties: { ok: { const: true } } }, 'Up.') },
      },
    },
    '/_emulator/openapi.json': {
      get: {
        summary: 'This document',
        responses: { '200': json({ type: 'object' }, 'The OpenAPI document.') },
      },
    },
    '/_emulator/reset': {
      post: {
        summary: 'Forget all state',
        description:
          'Forgets sessions, authorizations, orders, tokens, logs, idempotency keys and fault rules; cancels timers and deliveries; puts the clock back to real time.',
        responses: { '200': json({ type: 'object', properties: { ok: { const: true } } }, 'Reset.') },
      },
    },
    '/_emulator/clock': {
      get: {
        summary: 'Read the emulator clock',
        responses: { '200': json(ref('Clock'), 'The clock.') },
      },
      post: {
        summary: 'Move the emulator clock',
        description:
          'Exactly one of `advance_ms`, `advance` or `set`. Moving the clock runs every timer that became due, in time order. The clock stays between 1970-01-01 and 9999-12-31.',
        requestBody: body({
          type: 'object',
          minProperties: 1,
          maxProperties: 1,
          additionalProperties: false,
          properties: {
            advance_ms: { type: 'number', minimum: 0 },
            advance: { type: 'string', pattern: '^\\d+(\\.\\d+)?(ms|s|m|h|d)$', examples: ['30m', '48h'] },
            set: { type: 'string', format: 'date-time' },
          },
        }),
        responses: { '200': json(ref('Clock'), 'The clock after the move.'), '400': badValue },
      },
    },
    '/_emulator/sessions/{sessionId}/authorize': {
      post: {
        summary: 'Approve a Payments session without a browser',
        description:
          'The approval the widget gives, for the persona of `email`. Data is merged into the session as SDK data is; without any billing address a sample shopper of the market is used. Sign-up steps are skipped.',
        parameters: [pathParam('sessionId', 'A Payments session id.')],
        requestBody: body(
          {
            type: 'object',
            additionalProperties: false,
            properties: {
              email: { type: 'string', examples: ['customer@email.se', 'customer+denied@email.se'] },
              auto_finalize: { type: 'boolean', default: true },
              billing_address: { type: 'object' },
              shipping_address: { type: 'object' },
              customer: { type: 'object' },
              order_amount: { type: 'integer' },
              order_tax_amount: { type: 'integer' },
              order_lines: { type: 'array', items: { type: 'object' } },
            },
            description:
              'Any field of a Payments session update may be sent besides `email` and `auto_finalize`.',
          },
          false,
        ),
        responses: {
          '200': json(ref('SdkResult'), 'The object the SDK would pass to the authorize callback.'),
          '400': badValue,
          '404': error('Unknown session.'),
        },
      },
    },
    '/_emulator/requests': {
      get: {
        summary: 'The request log',
        description:
          "The newest calls to Klarna's APIs and the widget, bodies depth-capped and with merchant URL query values hidden.",
        parameters: [limitParam],
        responses: {
          '200': json(
            { type: 'object', properties: { requests: { type: 'array', items: ref('RequestLogEntry') } } },
            'Oldest first.',
          ),
          '400': error('`limit` is not a whole number.'),
        },
      },
    },
    '/_emulator/callbacks': {
      get: {
        summary: 'The callback log: every delivery attempt to a merchant URL',
        parameters: [limitParam],
        responses: {
          '200': json(
            { type: 'object', properties: { callbacks: { type: 'array', items: ref('CallbackLogEntry') } } },
            'Oldest first.',
          ),
          '400': error('`limit` is not a whole number.'),
        },
      },
    },
    '/_emulator/sessions/{sessionId}': {
      get: {
        summary: 'A stored Payments session',
        parameters: [pathParam('sessionId', 'A Payments session id.')],
        responses: { '200': storedRecord('session'), '404': error('Unknown session.') },
      },
    },
    '/_emulator/orders/{orderId}': {
      get: {
        summary: 'A stored order',
        parameters: [pathParam('orderId', 'An order id.')],
        responses: { '200': storedRecord('order'), '404': error('Unknown order.') },
      },
    },
    '/_emulator/customer-tokens/{tokenId}': {
      get: {
        summary: 'A stored customer token',
        parameters: [pathParam('tokenId', 'A customer token id.')],
        responses: { '200': storedRecord('customer token'), '404': error('Unknown token.') },
      },
    },
    '/_emulator/tokens/{token}/suspend': {
      post: {
        summary: 'Suspend a customer token, as Klarna may',
        parameters: [pathParam('token', 'A customer token id.')],
        responses: {
          '200': json(ref('TokenStatus'), 'Suspended.'),
          '404': error('Unknown token.'),
          '409': error('The token is cancelled.'),
        },
      },
    },
    '/_emulator/tokens/{token}/reactivate': {
      post: {
        summary: 'Lift a suspension',
        parameters: [pathParam('token', 'A customer token id.')],
        responses: {
          '200': json(ref('TokenStatus'), 'Active again.'),
          '404': error('Unknown token.'),
          '409': error('The token is cancelled.'),
        },
      },
    },
    '/_emulator/faults': {
      get: {
        summary: 'The fault rules',
        responses: {
          '200': json(
            { type: 'object', properties: { faults: { type: 'array', items: ref('FaultRule') } } },
            'All rules.',
          ),
        },
      },
      post: {
        summary: 'Add a fault rule',
        requestBody: body(ref('FaultRuleInput')),
        responses: { '201': json(ref('FaultRule'), 'The rule.'), '400': badValue },
      },
      put: {
        summary: 'Add a fault rule (same as POST)',
        requestBody: body(ref('FaultRuleInput')),
        responses: { '201': json(ref('FaultRule'), 'The rule.'), '400': badValue },
      },
      delete: {
        summary: 'Remove every fault rule',
        responses: { '204': { description: 'Removed.' } },
      },
    },
    '/_emulator/faults/{id}': {
      delete: {
        summary: 'Remove one fault rule',
        parameters: [pathParam('id', 'A fault rule id.')],
        responses: { '204': { description: 'Removed.' }, '404': error('Unknown rule.') },
      },
    },
    '/_emulator/snapshot': {
      get: {
        summary: 'Export the whole state as one JSON document',
        description:
          'Sessions, authorizations, orders, customer tokens, HPP sessions, logs, idempotency keys and the clock, as a download. It holds merchant URLs as given (callback secrets included): keep it like a database dump.',
        responses: { '200': json({ type: 'object' }, 'The snapshot.') },
      },
      put: {
        summary: 'Replace the state with a snapshot',
        description:
          'A snapshot that does not check out is refused whole and changes nothing. At most 512 MB.',
        requestBody: body({ type: 'object' }),
        responses: {
          '200': json(ref('SnapshotRestored'), 'Restored.'),
          '400': error(
            '`BAD_SNAPSHOT`: not JSON, or not a snapshot of this emulator (the message says why).',
          ),
          '413': error('Larger than 512 MB.'),
        },
      },
      post: {
        summary: 'Replace the state with a snapshot (same as PUT)',
        requestBody: body({ type: 'object' }),
        responses: {
          '200': json(ref('SnapshotRestored'), 'Restored.'),
          '400': error('`BAD_SNAPSHOT`: not JSON, or not a snapshot of this emulator.'),
          '413': error('Larger than 512 MB.'),
        },
      },
    },
    '/_emulator/outbox': {
      get: {
        summary:
          'Payment links "sent" by email or SMS (Hosted Payment Page distribution); nothing is really sent',
        responses: {
          '200': json(
            { type: 'object', properties: { messages: { type: 'array', items: ref('OutboxMessage') } } },
            'Oldest first.',
          ),
        },
      },
    },
    '/_emulator/hpp-sessions/{hppId}': {
      get: {
        summary: 'A stored Hosted Payment Page session',
        parameters: [pathParam('hppId', 'An HPP session id.')],
        responses: { '200': storedRecord('HPP session'), '404': error('Unknown HPP session.') },
      },
    },
  },
  components: {
    schemas: {
      Error: {
        type: 'object',
        required: ['error_code', 'error_messages', 'correlation_id'],
        properties: {
          error_code: { type: 'string', examples: ['BAD_VALUE', 'NOT_FOUND'] },
          error_messages: { type: 'array', items: { type: 'string' } },
          correlation_id: { type: 'string' },
        },
      },
      Clock: {
        type: 'object',
        required: ['now', 'offset_ms', 'pending_timers'],
        properties: {
          now: { type: 'string', format: 'date-time' },
          offset_ms: { type: 'number', description: 'How far the emulator clock is ahead of real time.' },
          pending_timers: { type: 'integer' },
        },
      },
      SdkResult: {
        type: 'object',
        required: ['approved', 'show_form'],
        properties: {
          approved: { type: 'boolean' },
          show_form: { type: 'boolean' },
          authorization_token: { type: 'string' },
          finalize_required: { type: 'boolean' },
          error: {
            type: 'object',
            properties: { invalid_fields: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
      RequestLogEntry: {
        type: 'object',
        required: ['id', 'at', 'method', 'path', 'status', 'correlation_id', 'duration_ms'],
        properties: {
          id: { type: 'integer' },
          at: { type: 'string', format: 'date-time' },
          method: { type: 'string' },
          path: { type: 'string' },
          region: { enum: ['eu', 'na', 'oc'] },
          status: { type: 'integer' },
          correlation_id: { type: 'string' },
          duration_ms: { type: 'number' },
          body: {
            description:
              'The JSON body (nested at most 32 levels; deeper parts replaced by a note), or its text when it was not JSON or longer than 64 KiB (then cut).',
          },
          warnings: {
            type: 'array',
            items: { type: 'string', examples: ['unknown field intent'] },
            description: 'Unknown request fields the emulator ignored.',
          },
        },
      },
      CallbackLogEntry: {
        type: 'object',
        required: ['id', 'kind', 'url', 'attempt', 'at', 'outcome'],
        properties: {
          id: { type: 'integer' },
          kind: { type: 'string', examples: ['authorization', 'notification'] },
          url: { type: 'string', description: 'The merchant URL, query values shown as ***.' },
          body: {},
          attempt: { type: 'integer' },
          at: { type: 'string', format: 'date-time' },
          status: { type: 'integer' },
          error: { type: 'string' },
          outcome: { enum: ['delivered', 'failed', 'retry_scheduled', 'gave_up'] },
        },
      },
      TokenStatus: {
        type: 'object',
        required: ['token_id', 'status'],
        properties: { token_id: { type: 'string' }, status: { enum: ['ACTIVE', 'SUSPENDED'] } },
      },
      FaultRuleInput: {
        type: 'object',
        required: ['fault'],
        additionalProperties: false,
        properties: {
          match: { type: 'string', examples: ['POST /ordermanagement/v1/orders/*/captures'] },
          method: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', '*'] },
          path: { type: 'string', description: 'Glob without the region prefix: `*` one segment, `**` any.' },
          path_regex: { type: 'string' },
          region: { enum: ['eu', 'na', 'oc'] },
          fault: { enum: ['status', 'latency', 'timeout', 'reset', 'commit-then-drop'] },
          status: { type: 'integer', minimum: 400, maximum: 599 },
          error_code: { type: 'string' },
          error_messages: { type: 'array', items: { type: 'string' } },
          latency_ms: { type: 'integer', minimum: 0, maximum: 60000 },
          hold_ms: { type: 'integer', minimum: 0, maximum: 60000 },
          probability: { type: 'number', minimum: 0, maximum: 1, default: 1 },
          seed: { type: 'integer', minimum: 0, maximum: 4294967295 },
          times: { type: 'integer', minimum: 1 },
        },
      },
      FaultRule: {
        allOf: [
          ref('FaultRuleInput'),
          {
            type: 'object',
            required: ['id', 'method', 'fault', 'probability', 'seed', 'seen', 'fired'],
            properties: {
              id: { type: 'string' },
              seen: { type: 'integer', description: 'Matching requests seen.' },
              fired: { type: 'integer', description: 'Requests it failed.' },
            },
          },
        ],
      },
      SnapshotRestored: {
        type: 'object',
        required: ['ok', 'restored'],
        properties: {
          ok: { const: true },
          restored: {
            type: 'object',
            additionalProperties: { type: 'integer' },
            description: 'How many records of each kind were restored.',
          },
        },
      },
      OutboxMessage: {
        type: 'object',
        required: ['id', 'at', 'hpp_session_id', 'method', 'to', 'text', 'link'],
        properties: {
          id: { type: 'integer' },
          at: { type: 'string', format: 'date-time' },
          hpp_session_id: { type: 'string' },
          method: { enum: ['email', 'sms', 'token'] },
          to: { type: 'string' },
          subject: { type: 'string' },
          text: { type: 'string' },
          link: { type: 'string' },
        },
      },
    },
  },
} as const;
