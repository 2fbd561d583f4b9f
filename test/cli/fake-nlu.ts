import fs from 'node:fs/promises';
import { SocbotError } from '../../src/errors';
import type { NluServices, TrainedModel } from '../../src/cli/cli-deps';
import type { Corpus } from '../../src/nlu/corpus/types';
import { heldOutSet, loadCorpus, loadTestSet, trainingSet } from '../../src/nlu/corpus';
import type { Recognition } from '../../src/nlu/types';

/**
 * Real corpus functions with a tiny word-overlap "model" instead of the trainer, so command tests
 * check plumbing in milliseconds. The model answers the intent sharing most words with the text,
 * `None` when nothing overlaps, and finds `alertId` entities as 3-5 digit numbers.
 */
export function fakeNlu(): NluServices & { trainedCorpora: Corpus[] } {
  const trainedCorpora: Corpus[] = [];
  return {
    trainedCorpora,
    loadCorpus,
    trainingSet,
    heldOutSet,
    loadTestSet,
    trainModel: async (corpus, options) => {
      trainedCorpora.push(corpus);
      options?.onProgress?.({ phase: 'Training', done: 0, total: 2 });
      options?.onProgress?.({ phase: 'Training', done: 2, total: 2 });
      return wordOverlapModel(trainingSet(corpus), corpus);
    },
    saveModel: async (model, file) => {
      await fs.writeFile(file, JSON.stringify((model as FakeModel).saved));
    },
    loadModel: async (file) => {
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch {
        throw new SocbotError('MODEL_NOT_FOUND', `fake: no model at ${file}`, { file });
      }
      const saved = JSON.parse(text) as FakeModel['saved'];
      return wordOverlapModel(saved.examples, saved.corpus);
    },
  };
}

interface FakeModel extends TrainedModel {
  saved: { examples: { utterance: string; intent: string }[]; corpus: Corpus };
}

function wordOverlapModel(examples: { utterance: string; intent: string }[], corpus: Corpus): FakeModel {
  const words = (text: string) =>
    new Set(
      text
        .toLowerCase()
        .split(/\W+/)
        .filter((w) => w.length > 2),
    );
  return {
    saved: { examples, corpus },
    meta: {
      corpusName: corpus.name,
      corpusHash: corpus.hash,
      intents: [...new Set(examples.map((e) => e.intent))],
      trainingUtterances: examples.length,
      trainMs: 12,
      threshold: 0.5,
    },
    recognize: async (text): Promise<Recognition> => {
      const mine = words(text);
      let best = { intent: 'None', overlap: 0 };
      for (const example of examples) {
        const overlap = [...words(example.utterance)].filter((w) => mine.has(w)).length;
        if (overlap > best.overlap) best = { intent: example.intent, overlap };
      }
      const alertId = /\b\d{3,5}\b/.exec(text);
      return {
        text,
        intent: best.intent,
        score: Math.min(1, best.overlap / 3),
        alternatives: [],
        entities: alertId
          ? [
              {
                entity: 'alertId',
                value: alertId[0],
                sourceText: alertId[0],
                start: alertId.index,
                end: alertId.index + alertId[0].length,
              },
            ]
          : [],
      };
    },
  };
}
