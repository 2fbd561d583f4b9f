import type { RegisterRepair } from '../store/register-repair';
import { TORN_SUFFIX } from '../store/register-repair';
import type { DataRepair } from './data-repair';

/**
 * The alert register's own repair at start (AlertRegister.open) as a DataRepair, so it is audited
 * and shown under /healthz `repairs` like every other start-up repair; undefined when the register
 * needed none.
 *
 * @example
 *   registerRepairReport('./data/alerts.jsonl', { tornTail: '{"ref":"SOC-2026-00', rebuilt: ['SOC-2026-0002'], reserved: [] }, new Date());
 *   // { file: './data/alerts.jsonl', what: 'repaired the alert register: …', movedTo: './data/alerts.jsonl.torn', bytes: 19, rebuilt: ['SOC-2026-0002'], … }
 */
export function registerRepairReport(
  file: string,
  repair: RegisterRepair,
  now: Date,
): DataRepair | undefined {
  const { tornTail, rebuilt, reserved } = repair;
  if (tornTail === undefined && rebuilt.length === 0 && reserved.length === 0) return undefined;
  const movedTo = `${file}${TORN_SUFFIX}`;
  const done: string[] = [];
  if (tornTail !== undefined)
    done.push(`set aside its cut-off last line (${Buffer.byteLength(tornTail)} bytes, kept in ${movedTo})`);
  if (rebuilt.length > 0) done.push(`rebuilt ${rebuilt.join(', ')} from the outbox and the audit trail`);
  if (reserved.length > 0)
    done.push(`kept ${reserved.join(', ')} (named only by the cut-off line) from being handed out again`);
  return {
    file,
    what: `repaired the alert register ${file}: ${done.join('; ')}`,
    at: now.toISOString(),
    ...(tornTail !== undefined ? { movedTo, bytes: Buffer.byteLength(tornTail) } : {}),
    rebuilt,
    reserved,
  };
}
