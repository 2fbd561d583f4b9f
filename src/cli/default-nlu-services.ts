import { SocbotError } from '../errors';
import { heldOutSet, loadCorpus, loadTestSet, trainingSet } from '../nlu/corpus';
import { loadModel, saveModel } from '../nlu/model-file';
import { NluModel } from '../nlu/nlu-model';
import { trainModel } from '../nlu/train-model';
import type { NluServices } from './cli-deps';

/**
 * The real corpus loader, trainer and model file behind the CLI.
 *
 * @example
 *   const exitCode = await main(process.argv, processIo(), { nlu: defaultNluServices() });
 */
export function defaultNluServices(): NluServices {
  return {
    loadCorpus,
    trainingSet,
    heldOutSet,
    loadTestSet,
    trainModel: (corpus, options) => trainModel(corpus, options),
    saveModel: async (model, file) => {
      // Only a model this process trained can be written; the CLI never builds one any other way.
      if (!(model instanceof NluModel)) {
        throw new SocbotError('INTERNAL', `Cannot save ${file}: the model was not made by trainModel.`);
      }
      await saveModel(model, file);
    },
    loadModel,
  };
}
