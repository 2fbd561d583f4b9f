import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger';
import { cannotExplain } from '../nlu/cannot-explain';
import type { ExplainOptions, Explanation } from '../nlu/explanation';
import type { Recognition, Recognizer } from '../nlu/types';
import type { ModelInfo } from './model-info';
import type { LoadedModel, ModelSource } from './model-source';

/** Options of {@link ReloadingRecognizer.open}. */
export interface ReloadingRecognizerOptions {
  file: string;
  models: Pick<ModelSource, 'load'>;
  logger: Logger;
  /** Quiet time after the last change event before the file is loaded (a trainer writes in pieces). */
  debounceMs?: number;
}

/**
 * A Recognizer that follows its model file: when the file changes (a new `socbot train`), the new
 * model is loaded next to the old one and swapped in only once it loaded; a corrupt or half-written
 * file is logged and the old model stays in service. Turns in flight keep the model they started with.
 *
 * Watching uses fs.watch on the directory (so an atomic rename-over is seen) with a debounce, and
 * compares size/mtime/inode so an unchanged file is not loaded again. `reload()` forces a check
 * (wired to SIGHUP by `serve`).
 *
 * @example
 *   const recognizer = await ReloadingRecognizer.open({ file: config.modelPath, models, logger });
 *   await recognizer.recognize('block terminal PC-0815');
 *   recognizer.close();
 */
export class ReloadingRecognizer implements Recognizer {
  private watcher: FSWatcher | undefined;
  private debounceTimer: NodeJS.Timeout | undefined;
  private reloading: Promise<boolean> | undefined;
  private reloadAgain = false;

  private constructor(
    private readonly options: Required<ReloadingRecognizerOptions>,
    private current: LoadedModel,
    private currentInfo: ModelInfo,
    private fileSignature: string,
  ) {}

  /** Loads the model file (rejects when it cannot) and starts watching it. */
  static async open(options: ReloadingRecognizerOptions): Promise<ReloadingRecognizer> {
    const resolved = { debounceMs: 150, ...options };
    const signature = await signatureOf(options.file);
    const model = await options.models.load(options.file);
    const recognizer = new ReloadingRecognizer(resolved, model, infoOf(model), signature);
    recognizer.startWatching();
    return recognizer;
  }

  recognize(text: string): Promise<Recognition> {
    return this.current.recognizer.recognize(text);
  }

  /** Explains with the model in service now, the one that answers `recognize`. */
  explain(text: string, options?: ExplainOptions): Promise<Explanation> {
    const { recognizer } = this.current;
    if (!recognizer.explain) return Promise.reject(cannotExplain());
    return recognizer.explain(text, options);
  }

  /** The model in service now. */
  get modelInfo(): ModelInfo {
    return this.currentInfo;
  }

  /**
   * Loads the file if it changed since the last load. Resolves true when a new model went into
   * service, false when the file was unchanged or could not be loaded (the old model stays).
   */
  reload(): Promise<boolean> {
    if (this.reloading) {
      this.reloadAgain = true;
      return this.reloading;
    }
    this.reloading = this.loadIfChanged().finally(() => {
      this.reloading = undefined;
      if (this.reloadAgain) {
        this.reloadAgain = false;
        void this.reload();
      }
    });
    return this.reloading;
  }

  /** Stops watching; the current model keeps answering. */
  close(): void {
    clearTimeout(this.debounceTimer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private startWatching(): void {
    const { file, logger } = this.options;
    const name = path.basename(file);
    try {
      this.watcher = watch(path.dirname(file), { persistent: false }, (_event, changed) => {
        if (changed === null || changed === name) this.scheduleReload();
      });
      this.watcher.on('error', (error) =>
        logger.warn({ err: error, file }, 'model watch failed; send SIGHUP to reload the model'),
      );
    } catch (error) {
      logger.warn({ err: error, file }, 'cannot watch the model file; send SIGHUP to reload the model');
    }
  }

  private scheduleReload(): void {
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => void this.reload(), this.options.debounceMs);
  }

  private async loadIfChanged(): Promise<boolean> {
    const { file, models, logger } = this.options;
    let signature: string;
    try {
      signature = await signatureOf(file);
    } catch {
      // Deleted or being replaced: keep serving; the rename that completes it triggers another check.
      return false;
    }
    if (signature === this.fileSignature) return false;
    try {
      const model = await models.load(file);
      this.current = model;
      this.currentInfo = infoOf(model);
      this.fileSignature = signature;
      logger.info({ file, model: this.currentInfo }, 'model reloaded');
      return true;
    } catch (error) {
      logger.error(
        { err: error, file, kept: this.currentInfo },
        'new model file rejected; the previous model stays in service',
      );
      return false;
    }
  }
}

async function signatureOf(file: string): Promise<string> {
  const stats = await stat(file);
  return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
}

function infoOf(model: LoadedModel): ModelInfo {
  return { corpusHash: model.corpusHash, trainedAt: model.trainedAt, loadedAt: new Date().toISOString() };
}
