import { Counter, Histogram, type Registry } from 'prom-client';
import { NONE_INTENT, type Recognition } from '../nlu/types';

/** Calibrated confidences lie in [0, 1]; finer near the usual out-of-scope thresholds and near certainty. */
const CONFIDENCE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

/**
 * What the NLU made of the messages analysts sent:
 *
 * - `socbot_nlu_confidence`: histogram of the top intent's calibrated score per recognised message;
 * - `socbot_nlu_recognitions_total`: messages recognised;
 * - `socbot_nlu_out_of_scope_total`: of those, the ones the model put out of scope (intent `None`:
 *   the best score under the calibrated threshold; the analyst was told "I'm not sure what you mean"
 *   and the message went to the review queue).
 *
 * The out-of-scope rate is left to Prometheus:
 * `rate(socbot_nlu_out_of_scope_total[1h]) / rate(socbot_nlu_recognitions_total[1h])`.
 * A bare answer to an open form's question ("PC-0815") is recognised too, but counted in none of
 * the three: the model is not meant to place it, and counting it would make the rate say the
 * model got worse whenever analysts fill in forms. No label carries an intent, a text or a user.
 *
 * @example
 *   const nlu = new NluMetrics(registry);
 *   nlu.recognized(await recognizer.recognize(text), false);
 */
export class NluMetrics {
  private readonly confidence: Histogram;
  private readonly recognitions: Counter;
  private readonly outOfScope: Counter;

  constructor(registry: Registry) {
    this.confidence = new Histogram({
      name: 'socbot_nlu_confidence',
      help: "Calibrated score of the top intent per recognised message (bare answers to a form's question excluded).",
      buckets: CONFIDENCE_BUCKETS,
      registers: [registry],
    });
    this.recognitions = new Counter({
      name: 'socbot_nlu_recognitions_total',
      help: "Messages the NLU recognised (bare answers to a form's question excluded).",
      registers: [registry],
    });
    this.outOfScope = new Counter({
      name: 'socbot_nlu_out_of_scope_total',
      help: 'Recognised messages the model put out of scope (intent None). Rate: divide by socbot_nlu_recognitions_total.',
      registers: [registry],
    });
  }

  recognized(recognition: Recognition, answersForm: boolean): void {
    if (answersForm) return;
    this.recognitions.inc();
    this.confidence.observe(recognition.score);
    if (recognition.intent === NONE_INTENT) this.outOfScope.inc();
  }
}
