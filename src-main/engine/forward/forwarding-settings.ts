import { z } from 'zod';

/**
 * The `forwarding` section of the policy: where activity events go besides the local activity
 * log (syslog collectors and HTTPS endpoints of a SIEM), and how the outbox that holds them
 * until delivery behaves.
 */

/** The payload formats a target can receive. */
export const eventFormatSchema = z
  .enum(['cef', 'json-ocsf', 'json-ecs'])
  .describe('cef: ArcSight CEF; json-ocsf: OCSF 1.5 JSON; json-ecs: Elastic Common Schema JSON');

const jsonFormatSchema = eventFormatSchema.extract(['json-ocsf', 'json-ecs']);

/** The syslog facilities a target may use (RFC 5424 numbers in brackets in the docs). */
export const syslogFacilitySchema = z.enum([
  'user',
  'daemon',
  'auth',
  'authpriv',
  'audit',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
]);

const nameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected a name of letters, digits, . _ -')
  .describe('A name for the target, unique in the policy; the outbox keeps its queue under it.');

const tlsSchema = z
  .strictObject({
    caFile: z
      .string()
      .min(1, 'expected a file path')
      .optional()
      .describe(
        'PEM file of the CAs that sign the server certificate; the system store if absent.',
      ),
    serverName: z
      .string()
      .min(1, 'expected a host name')
      .optional()
      .describe('The name the server certificate must carry; the host if absent.'),
    clientCertFile: z
      .string()
      .min(1, 'expected a file path')
      .optional()
      .describe('PEM client certificate, for collectors that require one.'),
    clientKeyFile: z
      .string()
      .min(1, 'expected a file path')
      .optional()
      .describe('PEM key of the client certificate.'),
  })
  .refine((tls) => (tls.clientCertFile === undefined) === (tls.clientKeyFile === undefined), {
    error: 'give clientCertFile and clientKeyFile together, or neither',
  });

/** Printable ASCII without spaces: a token goes into an HTTP header as it is. */
const tokenSchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,512}$/, 'expected 1 to 512 printable ASCII characters without spaces');

const httpsUrlSchema = z.url({ protocol: /^https$/, error: 'expected an https:// URL' });

const syslogTargetSchema = z.strictObject({
  name: nameSchema,
  kind: z.literal('syslog'),
  host: z.string().min(1, 'expected a host name or address'),
  port: z.int().min(1).max(65535).default(6514),
  transport: z
    .enum(['tls', 'tcp'])
    .default('tls')
    .describe('tls: RFC 5425, certificate verified; tcp: plain RFC 6587, for a local relay only'),
  format: eventFormatSchema.default('cef'),
  facility: syslogFacilitySchema.default('auth'),
  tls: tlsSchema.prefault({}),
});

const tokenFields = {
  token: tokenSchema
    .optional()
    .describe('The token; prefer tokenFile, which keeps it out of here.'),
  tokenFile: z
    .string()
    .min(1, 'expected a file path')
    .optional()
    .describe(
      'A file holding the token, read before each delivery so that rotation applies at once.',
    ),
};

const exactlyOneToken = {
  check: (target: { token?: string | undefined; tokenFile?: string | undefined }) =>
    (target.token === undefined) !== (target.tokenFile === undefined),
  message: { error: 'give exactly one of token and tokenFile' },
};

const hecTargetSchema = z
  .strictObject({
    name: nameSchema,
    kind: z.literal('splunk-hec'),
    url: httpsUrlSchema.describe(
      'The collector endpoint, such as https://hec:8088/services/collector/event',
    ),
    ...tokenFields,
    format: eventFormatSchema.default('json-ocsf'),
    sourcetype: z.string().min(1).max(128).default('copywarden'),
    index: z.string().min(1).max(128).optional(),
    tls: tlsSchema.prefault({}),
  })
  .refine(exactlyOneToken.check, exactlyOneToken.message);

const webhookTargetSchema = z
  .strictObject({
    name: nameSchema,
    kind: z.literal('webhook'),
    url: httpsUrlSchema.describe('Receives POSTs of NDJSON, one event per line'),
    ...tokenFields,
    format: jsonFormatSchema.default('json-ocsf'),
    tls: tlsSchema.prefault({}),
  })
  .refine(exactlyOneToken.check, exactlyOneToken.message);

const targetSchema = z.discriminatedUnion('kind', [
  syslogTargetSchema,
  hecTargetSchema,
  webhookTargetSchema,
]);

export const forwardingSchema = z.strictObject({
  targets: z
    .array(targetSchema)
    .default([])
    .refine((targets) => new Set(targets.map((target) => target.name)).size === targets.length, {
      error: 'target names must be unique',
    })
    .describe('Where events go. None by default: events then stay in the local log only.'),
  outbox: z
    .strictObject({
      maxEvents: z
        .int()
        .min(10)
        .max(10_000_000)
        .default(100_000)
        .describe('The most undelivered events kept per target.'),
      overflow: z
        .enum(['drop-oldest', 'drop-newest'])
        .default('drop-oldest')
        .describe('Which events give way when a target is full; every drop is recorded.'),
    })
    .prefault({}),
  batchMaxEvents: z.int().min(1).max(1000).default(100).describe('Events per delivery.'),
  retry: z
    .strictObject({
      initialDelaySeconds: z.number().min(0.05).max(3600).default(1),
      maxDelaySeconds: z.number().min(0.05).max(86_400).default(300),
    })
    .prefault({})
    .describe('Exponential backoff with jitter between failed deliveries, per target.'),
  heartbeatIntervalSeconds: z
    .number()
    .min(0.1)
    .max(86_400)
    .default(300)
    .describe('How often each target receives a heartbeat, so that a silenced agent is noticed.'),
});

/** The forwarding settings with every default filled in. */
export type ForwardingSettings = z.output<typeof forwardingSchema>;

/** One target's settings. */
export type TargetSettings = ForwardingSettings['targets'][number];

export type SyslogTargetSettings = Extract<TargetSettings, { kind: 'syslog' }>;
export type HecTargetSettings = Extract<TargetSettings, { kind: 'splunk-hec' }>;
export type WebhookTargetSettings = Extract<TargetSettings, { kind: 'webhook' }>;

/** TLS settings of a target. */
export type TlsSettings = SyslogTargetSettings['tls'];

export type EventFormat = z.output<typeof eventFormatSchema>;
export type SyslogFacility = z.output<typeof syslogFacilitySchema>;

/** Settings that forward nothing: what a policy without a `forwarding` section means. */
export function noForwarding(): ForwardingSettings {
  return forwardingSchema.parse({});
}
