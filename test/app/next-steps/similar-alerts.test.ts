import type { HistoricAlert } from '../../../src/app/next-steps/alert-history';
import type { AlertKind, UserType } from '../../../src/app/next-steps/alert-kind';
import { SimilarAlerts } from '../../../src/app/next-steps/similar-alerts';
import { SIMILARITY_LEVELS, type SimilarityLevel } from '../../../src/app/next-steps/similarity-levels';
import type { AlertStatus } from '../../../src/store/alert-change';
import { seededRandom } from '../../../src/nlu/seeded-random';

/** "Similar" as suggestNextSteps tested it before SimilarAlerts (suggest-next-steps.ts at 2408230). */
const SAME: Record<SimilarityLevel, (a: AlertKind, b: AlertKind) => boolean> = {
  'pattern+system+user': (a, b) =>
    a.pattern !== null && a.pattern === b.pattern && a.system === b.system && a.userType === b.userType,
  'pattern+system': (a, b) => a.pattern !== null && a.pattern === b.pattern && a.system === b.system,
  pattern: (a, b) => a.pattern !== null && a.pattern === b.pattern,
  system: (a, b) => a.system === b.system,
};

/**
 * The counts as suggestNextSteps worked them out before SimilarAlerts, walking the whole history at
 * every question (suggest-next-steps.ts at 2408230): kept as the oracle the index must agree with.
 */
function countsOverHistory(
  history: readonly HistoricAlert[],
  level: SimilarityLevel,
  kind: AlertKind,
  context: string | undefined,
  except: string,
): { similar: number; of: number; next: [string, number][] } {
  const closed = history.filter((past) => past.status === 'closed' && past.ref !== except);
  const similar = closed.filter((past) => SAME[level](kind, past.kind));
  const counts = new Map<string, number>();
  let of = 0;
  for (const past of similar) {
    const steps = past.steps.map((step) => step.skill);
    const next = new Set<string>();
    if (context === undefined) {
      if (steps[0] !== undefined) next.add(steps[0]);
      of += steps.length > 0 ? 1 : 0;
    } else {
      if (!steps.includes(context)) continue;
      of += 1;
      steps.forEach((step, index) => {
        const following = steps[index + 1];
        if (step === context && following !== undefined) next.add(following);
      });
    }
    for (const skill of next) counts.set(skill, (counts.get(skill) ?? 0) + 1);
  }
  return { similar: similar.length, of, next: [...counts.entries()].sort() };
}

const PATTERNS = [null, 'Debugging in production', 'Critical authorization assigned'];
const SYSTEMS = ['PRD', 'QAS'];
const USER_TYPES: UserType[] = ['technical', 'dialog', 'vip'];
const STATUSES: AlertStatus[] = ['registered', 'investigating', 'contained', 'closed', 'closed'];
const SKILLS = [
  'take-alert',
  'investigate-incident',
  'note-alert',
  'contain-alert',
  'close-alert',
  'reopen-alert',
];

describe('SimilarAlerts: the next-step counts kept per kind as alerts change', () => {
  it('agrees with counting over the whole history, on random histories changed alert by alert', () => {
    const random = seededRandom(15);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const randomKind = (): AlertKind => ({
      pattern: pick(PATTERNS),
      system: pick(SYSTEMS),
      userType: pick(USER_TYPES),
    });
    const randomAlert = (ref: string, kind: AlertKind = randomKind()): HistoricAlert => ({
      ref,
      kind,
      priority: 'P2',
      status: pick(STATUSES),
      createdAt: '2026-11-02T09:00:00.000Z',
      acknowledgedAt: null,
      acknowledgedBy: null,
      closedAt: null,
      closedBy: null,
      steps: Array.from({ length: Math.floor(random() * 7) }, () => ({
        skill: pick(SKILLS),
        at: '',
        by: 'Ana',
      })),
    });
    let questions = 0;
    for (let run = 0; run < 40; run += 1) {
      const current = new Map<string, HistoricAlert>();
      for (let n = 1; n <= 25; n += 1) {
        const alert = randomAlert(`SOC-2026-${String(n).padStart(4, '0')}`);
        current.set(alert.ref.toLowerCase(), alert);
      }
      const similar = SimilarAlerts.of([...current.values()]);
      for (let change = 0; change < 30; change += 1) {
        // An alert moves on (its kind stays: it is read from the alert's registration), comes new,
        // or is put again under its reference in another case.
        const ref = `SOC-2026-${String(1 + Math.floor(random() * 30)).padStart(4, '0')}`;
        const known = current.get(ref.toLowerCase());
        const alert = randomAlert(random() < 0.2 ? ref.toLowerCase() : ref, known?.kind);
        current.set(ref.toLowerCase(), alert);
        similar.put({ ...alert, steps: [...alert.steps] });
        for (let question = 0; question < 4; question += 1) {
          const kind = randomKind();
          const context = random() < 0.3 ? undefined : pick(SKILLS);
          const except = random() < 0.7 ? pick([...current.values()]).ref : 'SOC-2026-9999';
          for (const level of SIMILARITY_LEVELS) {
            const counts = similar.countsAt(level, kind, context, except);
            expect({
              similar: counts.similar,
              of: counts.of,
              next: [...counts.next.entries()].sort(),
            }).toEqual(countsOverHistory([...current.values()], level.name, kind, context, except));
            questions += 1;
          }
        }
        expect(similar.find(` ${ref.toLowerCase()} `)).toEqual(alert);
      }
    }
    expect(questions).toBe(40 * 30 * 4 * SIMILARITY_LEVELS.length);
  });

  it('takes an alert out of the counts when it is reopened, and keeps what was handed out', () => {
    const kind: AlertKind = { pattern: 'Debugging in production', system: 'PRD', userType: 'technical' };
    const closed = (ref: string, skills: string[]): HistoricAlert => ({
      ref,
      kind,
      priority: 'P2',
      status: 'closed',
      createdAt: '2026-11-02T09:00:00.000Z',
      acknowledgedAt: null,
      acknowledgedBy: null,
      closedAt: '2026-11-02T10:00:00.000Z',
      closedBy: 'Ana',
      steps: skills.map((skill) => ({ skill, at: '', by: 'Ana' })),
    });
    const similar = SimilarAlerts.of([
      closed('SOC-2026-0001', ['take-alert', 'close-alert']),
      closed('SOC-2026-0002', ['take-alert', 'note-alert', 'take-alert', 'close-alert']),
    ]);
    const [closest] = SIMILARITY_LEVELS;
    if (!closest) throw new Error('no similarity level');
    expect(similar.countsAt(closest, kind, 'take-alert', 'SOC-2026-0100')).toEqual({
      similar: 2,
      of: 2,
      next: new Map([
        ['close-alert', 2],
        ['note-alert', 1],
      ]),
    });
    const before = similar.find('SOC-2026-0002');
    similar.put({ ...closed('SOC-2026-0002', ['take-alert', 'note-alert']), status: 'investigating' });
    expect(similar.countsAt(closest, kind, 'take-alert', 'SOC-2026-0100')).toEqual({
      similar: 1,
      of: 1,
      next: new Map([['close-alert', 1]]),
    });
    expect(before?.status).toBe('closed');
    // The alert asked about never counts itself.
    expect(similar.countsAt(closest, kind, 'take-alert', 'SOC-2026-0001')).toEqual({
      similar: 0,
      of: 0,
      next: new Map(),
    });
  });
});
