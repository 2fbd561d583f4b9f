import { ENTITY_EXAMPLES, validateEntityValue, type EntityValueCheck } from '../../../src/nlu/entities';
import type { EntityType } from '../../../src/nlu/types';

const VALID: Array<[EntityType, string, EntityValueCheck]> = [
  ['alertId', '4711', { ok: true, value: '4711' }],
  ['alertId', '#4711', { ok: true, value: '4711' }],
  ['alertId', 'etd-2024-0815', { ok: true, value: 'ETD-2024-0815' }],
  ['alertId', 'INC0012345', { ok: true, value: 'INC0012345' }],
  // Shapes the SIEM intake accepts, case kept (the SIEM's own reference), and socbot's refs.
  [
    'alertId',
    '0f8fad5b-d9cb-469f-a165-70867728950e',
    { ok: true, value: '0f8fad5b-d9cb-469f-a165-70867728950e' },
  ],
  ['alertId', 'alert_9', { ok: true, value: 'alert_9' }],
  ['alertId', '1700000000.42', { ok: true, value: '1700000000.42' }],
  [
    'alertId',
    'scheduler__admin__search__RMD5a1b2c3_at_1700000000_42',
    { ok: true, value: 'scheduler__admin__search__RMD5a1b2c3_at_1700000000_42' },
  ],
  ['alertId', 'soc-2026-0001', { ok: true, value: 'SOC-2026-0001' }],
  ['terminal', 'PC-0815', { ok: true, value: 'PC-0815' }],
  ['terminal', 'fin-ws-119.corp.local', { ok: true, value: 'fin-ws-119.corp.local' }],
  ['terminal', 'FE80::1', { ok: true, value: 'fe80::1' }],
  ['username', 'j.doe', { ok: true, value: 'J.DOE' }],
  ['username', 'SAP*', { ok: true, value: 'SAP*' }],
  ['username', 'WF-BATCH', { ok: true, value: 'WF-BATCH' }],
  ['system', 'prd', { ok: true, value: 'PRD' }],
  ['system', 'PRD/100', { ok: true, value: 'PRD', client: '100' }],
  ['system', 'PRD client 100', { ok: true, value: 'PRD', client: '100' }],
  ['system', 'P01-800', { ok: true, value: 'P01', client: '800' }],
  ['ip', '192.168.0.1', { ok: true, value: '192.168.0.1' }],
  ['ip', '2001:DB8::1', { ok: true, value: '2001:db8::1' }],
  ['priority', 'critical', { ok: true, value: 'P1' }],
  ['priority', 'P3', { ok: true, value: 'P3' }],
  ['priority', 'sev 4', { ok: true, value: 'P4' }],
  ['priority', 'info', { ok: true, value: 'P5' }],
  ['priority', ' 2. ', { ok: true, value: 'P2' }],
];

const INVALID: Array<[EntityType, string, string]> = [
  ['alertId', 'tomorrow', 'is not an alert ID'],
  ['alertId', '10.20.30.40', 'is not an alert ID'],
  ['alertId', 'fe80::1', 'is not an alert ID'],
  ['alertId', '10:30', 'is not an alert ID'],
  ['alertId', 'PC-0815', 'is not an alert ID'],
  ['alertId', `alert_${'9'.repeat(200)}`, 'is not an alert ID'],
  ['alertId', 'alert 9; drop', 'is not an alert ID'],
  ['terminal', 'the', 'is not a host name or IP address'],
  ['terminal', 'PC 0815', 'is not a host name or IP address'],
  ['username', 'J.DOE THE SECOND', 'is not an SAP user ID'],
  ['username', 'AVERYLONGUSERNAME', 'is not an SAP user ID'],
  ['username', 'alert', 'is not an SAP user ID'],
  ['system', 'PROD', 'is not an SAP system ID'],
  ['system', '1PR', 'is not an SAP system ID'],
  ['system', 'SAP', 'is not an SAP system ID'],
  ['system', 'THE', 'is not an SAP system ID'],
  ['ip', '256.1.1.1', 'is not an IPv4 or IPv6 address'],
  ['priority', 'P6', 'is not a priority'],
  ['priority', '   ', 'the answer is empty'],
];

describe('validateEntityValue', () => {
  it.each(VALID)('%s %j is valid', (type, value, expected) => {
    expect(validateEntityValue(type, value)).toEqual(expected);
  });

  it.each(INVALID)(
    '%s %j is refused with a reason and an example to re-prompt with',
    (type, value, reason) => {
      expect(validateEntityValue(type, value)).toEqual({
        ok: false,
        reason: expect.stringContaining(reason),
        example: ENTITY_EXAMPLES[type],
      });
    },
  );

  it('accepts priority synonyms passed in (from the corpus)', () => {
    expect(validateEntityValue('priority', 'sev one', new Map([['sev one', 'P1']]))).toEqual({
      ok: true,
      value: 'P1',
    });
  });
});
