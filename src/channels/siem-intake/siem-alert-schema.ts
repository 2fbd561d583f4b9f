import { z } from 'zod';
import { FIELD_MAX_CHARS, multiLine, singleLine, TEXT_MAX_CHARS } from '../../integrations/bounded-text';
import { validateEntityValue } from '../../nlu/entities';
import type { EntityType } from '../../nlu/types';
import { isPlainObject } from '../../store/data-file';
import {
  ETD_FIELD_MAPPING,
  ETD_MARKER_FIELD,
  etdSeverityToPriority,
  type SocbotAlertField,
} from './etd-field-mapping';
import type { SiemAlertFacts } from './siem-intake-deps';

/** The outcome of {@link parseSiemAlert}: the facts, or the field (as the sender named it) and why. */
export type SiemAlertParse =
  { ok: true; facts: SiemAlertFacts } | { ok: false; field: string; message: string };

// An alert ID that is not one an analyst would type (a Splunk sid, an ETD UUID) is still accepted
// in this shape: letters, digits and . _ : - only, so it is safe in a key, a log line and a URL.
const SIEM_ALERT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const SOURCE_NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/;
const SAP_CLIENT = /^\d{3}$/;

const tooLong = `at most ${FIELD_MAX_CHARS} characters`;

/** A slot value: a bounded string that validateEntityValue accepts, normalised. */
function entity(type: EntityType) {
  return z
    .string()
    .max(FIELD_MAX_CHARS, tooLong)
    .transform((value, ctx) => {
      const check = validateEntityValue(type, value);
      if (check.ok) return check;
      ctx.addIssue({ code: 'custom', message: `${check.reason}; for example ${check.example}` });
      return z.NEVER;
    });
}

const alertIdField = z
  .union([z.string().max(FIELD_MAX_CHARS, tooLong), z.number().int().nonnegative()])
  .transform((raw, ctx) => {
    const value = String(raw).trim();
    const check = validateEntityValue('alertId', value);
    if (check.ok) return check.value;
    if (SIEM_ALERT_ID.test(value)) return value;
    ctx.addIssue({
      code: 'custom',
      message:
        'not an alert ID: use the SIEM\'s ID (letters, digits and . _ : - only, at most 128), e.g. "4711" or "ETD-2024-0815"',
    });
    return z.NEVER;
  });

/** socbot's own shape, after ETD fields were mapped onto it. Unknown fields are dropped. */
const SIEM_ALERT_SCHEMA = z.object({
  alertId: alertIdField,
  terminal: entity('terminal').optional(),
  username: entity('username').optional(),
  system: entity('system').optional(),
  client: z.string().regex(SAP_CLIENT, 'an SAP client is three digits, e.g. 100').optional(),
  ip: entity('ip').optional(),
  priority: z
    .union([z.string().max(FIELD_MAX_CHARS, tooLong), z.number()])
    .transform((raw, ctx) => {
      const check = validateEntityValue('priority', String(raw));
      if (check.ok) return check.value as SiemAlertFacts['priority'];
      ctx.addIssue({ code: 'custom', message: `${check.reason}; for example ${check.example}` });
      return z.NEVER;
    })
    .optional(),
  // Free text is bounded rather than refused: a SIEM's pattern text is often long.
  title: z
    .string()
    .transform((value) => singleLine(value, FIELD_MAX_CHARS))
    .optional(),
  description: z
    .string()
    .transform((value) => multiLine(value, TEXT_MAX_CHARS))
    .optional(),
  source: z
    .string()
    .regex(SOURCE_NAME, 'lower-case letters, digits, ".", "_" or "-", at most 40, e.g. "splunk"')
    .optional(),
});

/**
 * Parses a SIEM's alert: socbot's own JSON (`alertId`, `terminal`, `username`, `system`, `client`,
 * `ip`, `priority`, `title`, `description`, `source`) or SAP ETD's alert fields (recognised by
 * `AlertId`, mapped by {@link ETD_FIELD_MAPPING}). Entity values pass the same validation as an
 * analyst's answers; null and empty values count as absent; unknown fields are ignored.
 *
 * @example
 *   parseSiemAlert({ alertId: '4711', system: 'prd/100', priority: 'high' });
 *   // { ok: true, facts: { alertId: '4711', system: 'PRD', client: '100', priority: 'P2', source: 'siem' } }
 *   parseSiemAlert({ terminal: 'PC-0815' });
 *   // { ok: false, field: 'alertId', message: 'required: …' }
 */
export function parseSiemAlert(body: unknown): SiemAlertParse {
  if (!isPlainObject(body)) {
    return { ok: false, field: '(body)', message: 'the body must be a JSON object with at least "alertId"' };
  }
  const etd = ETD_MARKER_FIELD in body;
  const { fields, senderNames } = etd ? fromEtd(body) : { fields: withoutEmpty(body), senderNames: {} };
  if (fields.alertId === undefined) {
    const name = etd ? ETD_MARKER_FIELD : 'alertId';
    return {
      ok: false,
      field: name,
      message: `required: the alert's ID in the SIEM, e.g. "${name}": "4711"`,
    };
  }
  const parsed = SIEM_ALERT_SCHEMA.safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue?.path[0] ?? '(body)');
    const message =
      issue?.code === 'invalid_type' ? `must be ${issue.expected}` : (issue?.message ?? 'is invalid');
    return { ok: false, field: senderNames[key] ?? key, message };
  }
  const { system, ...data } = parsed.data;
  const client = data.client ?? system?.client;
  if (data.client && system?.client && data.client !== system.client) {
    return {
      ok: false,
      field: 'client',
      message: `says ${data.client} but the system says client ${system.client}: send one client`,
    };
  }
  const facts: SiemAlertFacts = {
    alertId: data.alertId,
    source: data.source ?? (etd ? 'sap-etd' : 'siem'),
    ...(data.priority !== undefined && { priority: data.priority }),
    ...(data.terminal !== undefined && { terminal: data.terminal.value }),
    ...(data.username !== undefined && { username: data.username.value }),
    ...(system !== undefined && { system: system.value }),
    ...(client !== undefined && { client }),
    ...(data.ip !== undefined && { ip: data.ip.value }),
    ...(data.title ? { title: data.title } : {}),
    ...(data.description ? { description: data.description } : {}),
  };
  return { ok: true, facts };
}

/** Maps ETD's fields onto socbot's and remembers the ETD names, so an error names what the sender sent. */
function fromEtd(body: Record<string, unknown>): {
  fields: Record<string, unknown>;
  senderNames: Record<string, string>;
} {
  const present = withoutEmpty(body);
  const fields: Record<string, unknown> = {};
  const senderNames: Record<string, string> = {};
  for (const [target, sources] of Object.entries(ETD_FIELD_MAPPING) as Array<[SocbotAlertField, string[]]>) {
    const name = sources.find((source) => present[source] !== undefined);
    if (name === undefined) continue;
    const value = present[name];
    fields[target] = target === 'priority' ? (etdSeverityToPriority(value) ?? value) : value;
    senderNames[target] = name;
  }
  return { fields, senderNames };
}

/** SIEMs send null or "" for a field they have no value for. */
function withoutEmpty(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([, value]) =>
        value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === ''),
    ),
  );
}
