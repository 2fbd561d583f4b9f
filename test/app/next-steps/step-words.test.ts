import path from 'node:path';
import { stepOptions } from '../../../src/app/next-steps/step-options';
import { loadCorpus } from '../../../src/nlu/corpus/load-corpus';
import { trainModel } from '../../../src/nlu/train-model';
import { loadSkillRegistry } from '../../../src/skills/skill-registry';

/** A next step's button sends words: the shipped model must read them as that step's skill. */
describe('the words of each next step', () => {
  it('start the skill they stand for, on the shipped corpus', async () => {
    const registry = await loadSkillRegistry();
    const recognizer = await trainModel(loadCorpus(path.resolve(__dirname, '../../../corpus')));
    const options = stepOptions(registry.skills, 'SOC-2026-0010');
    expect(options.map((option) => option.skill)).toEqual([
      'take-alert',
      'investigate-incident',
      'talk-to-basis',
      'note-alert',
      'contain-alert',
      'close-alert',
      'incident-timeline',
      'assign-alert',
      'reopen-alert',
      'correct-mail-category',
      'triage-alert',
    ]);
    const understood = [];
    for (const option of options) {
      const { intent } = await recognizer.recognize(option.utterance);
      understood.push([option.utterance, registry.forIntent(intent)?.name]);
    }
    expect(understood).toEqual(options.map((option) => [option.utterance, option.skill]));
  }, 60_000);
});
