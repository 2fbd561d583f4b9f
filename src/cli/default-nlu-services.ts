import { heldOutSet, loadCorpus, loadTestSet, trainingSet } from '../nlu/corpus';
import { SocbotError } from '../errors';
import type { NluServices } from './cli-deps';

/** The real corpus loader, trainer and model file behind the CLI. */
export function defaultNluServices(): NluServices {
  const pending = (): never => {
    throw new SocbotError('INTERNAL', 'The NLU trainer is not wired into the CLI yet.');
  };
  return {
    loadCorpus,
    trainingSet,
    heldOutSet,
    loadTestSet,
    trainModel: async () => pending(),
    saveModel: async () => pending(),
    loadModel: async () => pending(),
  };
}
