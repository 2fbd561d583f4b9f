import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openDataStore, type DataStore } from '../../src/store/data-store';
import { LEGACY_ALERTS_FILE_NAME } from '../../src/store/legacy-alerts-file';

const alert = {
  alertId: '4711',
  terminal: 'PC-0815',
  username: 'DDIC',
  system: 'PRD',
  priority: 'P2',
  createdBy: 'Ana',
  conversationId: 'c1',
};

describe('alert register, review queue and basis request log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'socbot-registers-'));
  });
  /** Every store a test opens, closed after it (one left open keeps its files' handles). */
  const opened: DataStore[] = [];
  const storeIn = (...args: Parameters<typeof openDataStore>): DataStore => {
    const store = openDataStore(...args);
    opened.push(store);
    return store;
  };
  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('numbers alerts SOC-<year>-NNNN per year and keeps them across a restart', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const store = storeIn(dir, () => now);
    const first = await store.alerts.add(alert);
    const second = await store.alerts.add({ ...alert, alertId: '4712' });
    now = new Date('2027-01-02T10:00:00Z');
    const nextYear = await store.alerts.add(alert);
    await store.close();

    expect([first.ref, second.ref, nextYear.ref]).toEqual([
      'SOC-2026-0001',
      'SOC-2026-0002',
      'SOC-2027-0001',
    ]);
    expect(first).toMatchObject({ status: 'registered', createdAt: '2026-03-01T10:00:00.000Z', ...alert });
    const reopened = storeIn(dir);
    expect((await reopened.alerts.list()).map((a) => a.ref)).toEqual([
      'SOC-2026-0001',
      'SOC-2026-0002',
      'SOC-2027-0001',
    ]);
    expect((await reopened.alerts.find('soc-2026-0002'))?.alertId).toBe('4712');
    expect((await reopened.alerts.find('4711'))?.ref).toBe('SOC-2027-0001');
    expect(await reopened.alerts.find('9999')).toBeUndefined();
  });

  it('finds an alert by its SIEM ID whatever the case (GUIDs, alert_9)', async () => {
    const store = storeIn(dir);
    const guid = await store.alerts.add({ ...alert, alertId: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    const lower = await store.alerts.add({ ...alert, alertId: 'alert_9' });
    expect((await store.alerts.find('0F8FAD5B-D9CB-469F-A165-70867728950E'))?.ref).toBe(guid.ref);
    expect((await store.alerts.find('ALERT_9'))?.ref).toBe(lower.ref);
    expect((await store.alerts.find('alert_9'))?.ref).toBe(lower.ref);
    // What find returns is a copy: changing it does not change the register.
    const found = await store.alerts.find(lower.ref);
    if (found) found.terminal = 'changed';
    expect((await store.alerts.find(lower.ref))?.terminal).toBe(alert.terminal);
    await store.close();
  });

  it('gives concurrent registrations distinct references', async () => {
    const store = storeIn(dir);
    const refs = await Promise.all(Array.from({ length: 10 }, () => store.alerts.add(alert)));
    expect(new Set(refs.map((r) => r.ref)).size).toBe(10);
  });

  it('adds an alert or a basis request once per requestId (idempotency key)', async () => {
    const store = storeIn(dir);
    const [first, again] = await Promise.all([
      store.alerts.add({ ...alert, requestId: 'form-1' }),
      store.alerts.add({ ...alert, requestId: 'form-1' }),
    ]);
    const other = await store.alerts.add({ ...alert, requestId: 'form-2' });
    expect(again).toEqual(first);
    expect(other.ref).not.toBe(first.ref);
    expect(await store.alerts.list()).toHaveLength(2);
    expect(await store.alerts.hasRequest('form-1')).toBe(true);
    expect(await store.alerts.hasRequest('form-9')).toBe(false);

    const request = {
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      alert: '4711',
      requestedBy: 'Ana',
      conversationId: 'c1',
    };
    const one = await store.basisRequests.add({ ...request, requestId: 'form-3' });
    expect(await store.basisRequests.add({ ...request, requestId: 'form-3' })).toEqual(one);
    expect(await store.basisRequests.list()).toHaveLength(1);
  });

  it('queues utterances for review and resolves them', async () => {
    const store = storeIn(dir);
    const item = await store.reviews.add({
      text: 'lock him out',
      intentGuess: 'None',
      score: 0.31,
      alternatives: [{ intent: 'inform', score: 0.31 }],
      conversationId: 'c1',
    });
    expect(await store.reviews.list('pending')).toEqual([item]);
    expect(await store.reviews.resolve(item.id, { status: 'labelled', label: 'inform' })).toMatchObject({
      status: 'labelled',
      label: 'inform',
    });
    expect(await store.reviews.list('pending')).toEqual([]);
    expect(await store.reviews.resolve('nope', { status: 'dismissed' })).toBeUndefined();
  });

  it('records basis requests with ids', async () => {
    const store = storeIn(dir);
    const request = await store.basisRequests.add({
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      alert: 'SOC-2026-0001',
      requestedBy: 'Ana',
      conversationId: 'c1',
    });
    expect(request).toMatchObject({ id: 'BR-0001', status: 'recorded' });
    expect(await store.basisRequests.list()).toHaveLength(1);
  });

  it('reports a corrupt alert file instead of starting a new register over it', async () => {
    const file = path.join(dir, LEGACY_ALERTS_FILE_NAME);
    await writeFile(file, 'not json');
    const store = storeIn(dir);
    await expect(store.alerts.add(alert)).rejects.toMatchObject({
      code: 'STORAGE_CORRUPT',
      details: { file },
    });
    expect(await readFile(file, 'utf8')).toBe('not json');
  });
});
