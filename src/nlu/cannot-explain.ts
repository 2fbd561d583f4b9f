import { SocbotError } from '../errors';

/**
 * The error for a recognizer without weights to show (a test stand-in, a model source that wraps
 * something else): "why?" needs a socbot model file.
 */
export function cannotExplain(): SocbotError {
  return new SocbotError(
    'MODEL_INVALID',
    'This model cannot explain its answers: only a socbot model trained with `socbot train` can. Train one and point SOCBOT_MODEL (or --model) at it.',
  );
}
