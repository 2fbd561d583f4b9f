import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SocbotError } from '../errors';
import type { AlertIndex } from './alert-index';
import type { AlertReservation } from './alert-log-line';
import { compareRefs } from './alert-record';
import type { AlertRecord } from './alert-register';
import type { WitnessedAlerts } from './alert-ref-witnesses';
import { syncDirectory } from './durable-write';

/** Where the cut-off end of the alert register goes: `alerts.jsonl.torn`, one cut-off line per line. */
export const TORN_SUFFIX = '.torn';

/** What the repair at start did, for the start-up log. */
export interface RegisterRepair {
  /** The cut-off last line moved to `<file>.torn`, if there was one. */
  tornTail?: string;
  /** Alerts the register had lost, written again from what the witnesses know. */
  rebuilt: string[];
  /** References that only the cut-off line held, kept from being handed out again. */
  reserved: string[];
}

/**
 * Moves the bytes after the register's last complete line (a write a crash or power loss cut off)
 * to `<file>.torn` and cuts them from the register, so the next line starts a line of its own and
 * nothing that was in the file is thrown away. The copy is on disk before the cut. Returns the text moved.
 */
export async function moveTornTailAside(
  handle: FileHandle,
  file: string,
  completeBytes: number,
  size: number,
): Promise<string> {
  const { buffer, bytesRead } = await handle.read(
    Buffer.alloc(size - completeBytes),
    0,
    size - completeBytes,
    completeBytes,
  );
  const tail = buffer.subarray(0, bytesRead);
  const tornFile = `${file}${TORN_SUFFIX}`;
  const created = !existsSync(tornFile);
  const torn = await open(tornFile, 'a', 0o600);
  try {
    await torn.write(Buffer.concat([tail, Buffer.from('\n')]));
    await torn.datasync();
  } finally {
    await torn.close();
  }
  if (created) await syncDirectory(path.dirname(file));
  await handle.truncate(completeBytes);
  await handle.sync();
  return tail.toString('utf8');
}

/**
 * What the register must write so that it holds every alert a witness says it handed out: those
 * alerts rebuilt from the witnesses, and a reservation for a reference only the cut-off line
 * held. Throws STORAGE_CORRUPT, naming the references and the exact remedy, when a witness names an
 * alert the register lacks and the witnesses know too little to rebuild it.
 */
export function planRegisterRepair(
  file: string,
  index: AlertIndex,
  witnessed: WitnessedAlerts,
  tornTail: string | undefined,
): { rebuilt: AlertRecord[]; reservations: AlertReservation[] } {
  const lost = [...witnessed.registered.keys()]
    .filter((ref) => !index.has(ref) && !index.isReserved(ref))
    .sort(compareRefs);
  const rebuilt: AlertRecord[] = [];
  const unrecoverable: string[] = [];
  for (const ref of lost) {
    const record = witnessed.rebuild(ref);
    if (record) rebuilt.push(record);
    else unrecoverable.push(ref);
  }
  if (unrecoverable.length > 0) throw lostAlerts(file, unrecoverable, witnessed, tornTail !== undefined);
  const tornRef = tornTail === undefined ? undefined : refInCutOffLine(tornTail);
  const reservations: AlertReservation[] =
    tornRef && !index.has(tornRef) && !index.isReserved(tornRef) && !lost.includes(tornRef)
      ? [{ reserved: tornRef, reason: `its line was cut off by a crash and moved to ${file}${TORN_SUFFIX}` }]
      : [];
  return { rebuilt, reservations };
}

/** The reference a cut-off line had got to, if it got that far. */
function refInCutOffLine(text: string): string | undefined {
  return /"ref":"(SOC-\d{4}-\d{4,})"/.exec(text)?.[1];
}

function lostAlerts(file: string, refs: string[], witnessed: WitnessedAlerts, torn: boolean): SocbotError {
  const first = refs[0] as string;
  const named = refs.map((ref) => `${ref} (named by ${witnessed.registered.get(ref)})`).join(', ');
  const reservation = JSON.stringify({ reserved: first, reason: 'lost in a crash' });
  return new SocbotError(
    'STORAGE_CORRUPT',
    `The alert register ${file} has no line for ${named}, and the outbox and the audit trail know too little ` +
      `to write it again${torn ? `; the cut-off last line of the register was moved to ${file}${TORN_SUFFIX}` : ''}. ` +
      'socbot does not start on a register that lost an alert, because it could hand out its reference again. ' +
      `For each of these references, append one line to ${file}: the alert itself as JSON if you can rebuild it ` +
      `(from ${file}${TORN_SUFFIX} and \`socbot audit export --alert ${first}\`), or else a reservation that keeps ` +
      `the reference from being handed out again, for example \`echo '${reservation}' >> "${file}"\`. Then start socbot again.`,
    { file, refs },
  );
}
