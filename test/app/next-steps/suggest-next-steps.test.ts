import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alertKindOf } from '../../../src/app/next-steps/alert-kind';
import { AuditLog, auditFilePath } from '../../../src/audit/audit-log';
import { readAlertHistory, type HistoricAlert } from '../../../src/app/next-steps/alert-history';
import {
  NO_HISTORY_BECAUSE,
  suggestNextSteps,
  TOO_LITTLE_HISTORY_BECAUSE,
  type StepOption,
} from '../../../src/app/next-steps/suggest-next-steps';
import { SimilarAlerts } from '../../../src/app/next-steps/similar-alerts';
import { AlertRegister } from '../../../src/store/alert-register';
import { buildFixtureHistory } from '../../fixtures/next-steps/build-history';

const ALL_SKILLS = [
  'take-alert',
  'investigate-incident',
  'talk-to-basis',
  'note-alert',
  'contain-alert',
  'close-alert',
  'incident-timeline',
  'reopen-alert',
];
const options = (ref: string, skills = ALL_SKILLS): StepOption[] =>
  skills.map((skill) => ({ skill, utterance: `${skill} ${ref}` }));

describe('the next steps learned from the fixture history', () => {
  let dir: string;
  let history: HistoricAlert[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'socbot-next-steps-'));
    await buildFixtureHistory(dir);
    const alerts = new AlertRegister(dir);
    history = await readAlertHistory(alerts, [], new AuditLog(auditFilePath(dir)));
    await alerts.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const ask = (
    kind: { title?: string; system: string; username: string },
    done: string[] = [],
    skills = ALL_SKILLS,
    status: 'registered' | 'investigating' | 'contained' | 'closed' = 'registered',
  ) =>
    suggestNextSteps({
      alert: { ref: 'SOC-2026-0100', kind: alertKindOf(kind, []), status, done },
      history: SimilarAlerts.of(history),
      options: options('SOC-2026-0100', skills),
    }).map(({ skill, because, support }) => ({ skill, because, level: support?.level ?? null }));

  it('reads the steps of each alert from the audit trail, in order, without look-ups and refusals', () => {
    const steps = Object.fromEntries(history.map((alert) => [alert.ref, alert.steps.map((s) => s.skill)]));
    expect(steps).toEqual({
      'SOC-2026-0001': ['take-alert', 'investigate-incident', 'contain-alert', 'close-alert'],
      'SOC-2026-0002': ['take-alert', 'investigate-incident', 'close-alert'],
      'SOC-2026-0003': ['take-alert', 'note-alert', 'close-alert'],
      'SOC-2026-0004': ['investigate-incident', 'take-alert', 'close-alert'],
      // The card's "False positive" is a close without a skill's form: a step all the same.
      'SOC-2026-0005': ['investigate-incident', 'note-alert', 'close-alert'],
      'SOC-2026-0006': ['take-alert', 'talk-to-basis', 'close-alert'],
      'SOC-2026-0007': ['note-alert', 'take-alert', 'close-alert'],
      'SOC-2026-0008': ['take-alert'],
      'SOC-2026-0009': [],
    });
    expect(history.map((alert) => alert.status)).toEqual([
      ...Array<string>(7).fill('closed'),
      'investigating',
      'registered',
    ]);
  });

  it('suggests the first step of the closest kind, then backs off for more', () => {
    expect(ask({ title: 'Debugging in production', system: 'PRD', username: 'DDIC' })).toEqual([
      {
        skill: 'take-alert',
        because:
          "analysts did this first in 3 of 3 similar alerts on PRD with pattern 'Debugging in production' and a technical user",
        level: 'pattern+system+user',
      },
      {
        skill: 'investigate-incident',
        because:
          "analysts did this first in 2 of 5 similar alerts on PRD with pattern 'Debugging in production'",
        level: 'pattern+system',
      },
    ]);
  });

  it('suggests what came next after the step this alert is at', () => {
    expect(
      ask(
        { title: 'Debugging in production', system: 'PRD', username: 'DDIC' },
        ['take-alert'],
        ALL_SKILLS,
        'investigating',
      ),
    ).toEqual([
      {
        skill: 'investigate-incident',
        because:
          "analysts did this next in 2 of 3 similar alerts on PRD with pattern 'Debugging in production' and a technical user",
        level: 'pattern+system+user',
      },
      {
        skill: 'close-alert',
        because: 'analysts did this next in 2 of 5 similar alerts on PRD',
        level: 'system',
      },
    ]);
  });

  it('backs off to the pattern alone on a system without similar alerts', () => {
    expect(ask({ title: 'Debugging in production', system: 'DEV', username: 'JSMITH' })).toEqual([
      {
        skill: 'take-alert',
        because: "analysts did this first in 4 of 6 similar alerts with pattern 'Debugging in production'",
        level: 'pattern',
      },
      {
        skill: 'investigate-incident',
        because: "analysts did this first in 2 of 6 similar alerts with pattern 'Debugging in production'",
        level: 'pattern',
      },
    ]);
  });

  it('backs off to the system alone for an unknown pattern', () => {
    expect(ask({ title: 'Mass download', system: 'PRD', username: 'JDOE' })).toEqual([
      {
        skill: 'take-alert',
        because: 'analysts did this first in 3 of 6 similar alerts on PRD',
        level: 'system',
      },
      {
        skill: 'investigate-incident',
        because: 'analysts did this first in 2 of 6 similar alerts on PRD',
        level: 'system',
      },
    ]);
  });

  it('falls back to the static list, in its order, for a kind never seen', () => {
    expect(ask({ system: 'DEV', username: 'JSMITH' })).toEqual([
      { skill: 'take-alert', because: NO_HISTORY_BECAUSE, level: null },
      { skill: 'investigate-incident', because: NO_HISTORY_BECAUSE, level: null },
      { skill: 'talk-to-basis', because: NO_HISTORY_BECAUSE, level: null },
    ]);
    expect(NO_HISTORY_BECAUSE).toBe('no similar closed alerts yet');
  });

  it('says so when similar alerts exist but none agrees often enough', () => {
    const steps = ask({ title: 'Critical authorization assigned', system: 'SBX', username: 'MARIA' });
    expect(steps.map((step) => step.because)).toEqual(Array<string>(3).fill(TOO_LITTLE_HISTORY_BECAUSE));
  });

  it('never suggests what the analyst may not do', () => {
    const withoutTake = ALL_SKILLS.filter((skill) => skill !== 'take-alert');
    expect(
      ask({ title: 'Debugging in production', system: 'PRD', username: 'DDIC' }, [], withoutTake),
    ).toEqual([
      {
        skill: 'investigate-incident',
        because:
          "analysts did this first in 2 of 5 similar alerts on PRD with pattern 'Debugging in production'",
        level: 'pattern+system',
      },
    ]);
  });

  it('never suggests a once-only step again, nor what the status rules out', () => {
    const done = ['take-alert', 'investigate-incident', 'close-alert'];
    const steps = ask(
      { title: 'Debugging in production', system: 'PRD', username: 'DDIC' },
      done,
      ALL_SKILLS,
      'closed',
    );
    // Nothing learned follows a close; of the static list only what a closed alert allows is left.
    expect(steps.map((step) => step.skill)).toEqual(['note-alert', 'incident-timeline', 'reopen-alert']);
  });

  it('learns only from closed alerts other than the one asked about', () => {
    const open = history.find((alert) => alert.ref === 'SOC-2026-0008');
    expect(open?.status).toBe('investigating');
    const steps = suggestNextSteps({
      alert: {
        ref: 'SOC-2026-0001',
        kind: alertKindOf({ title: 'Debugging in production', system: 'PRD', username: 'DDIC' }, []),
        status: 'registered',
        done: [],
      },
      history: SimilarAlerts.of(history),
      options: options('SOC-2026-0001'),
    });
    // 0001 itself is left out: 2 of the other 2 technical-user alerts on PRD began with a take.
    expect(steps[0]?.because).toBe(
      "analysts did this first in 2 of 2 similar alerts on PRD with pattern 'Debugging in production' and a technical user",
    );
  });
});
