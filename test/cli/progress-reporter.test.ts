import { createProgressReporter } from '../../src/cli/progress-reporter';
import { CapturedStream } from './run-cli';

describe('createProgressReporter', () => {
  it('writes a few plain lines per phase when the stream is not a terminal', () => {
    const stream = new CapturedStream();
    const progress = createProgressReporter(stream);
    for (let done = 0; done <= 100; done += 1) progress.update({ phase: 'Training', done, total: 100 });
    progress.update({ phase: 'Calibrating', done: 1, total: 1 });
    progress.stop();
    expect(stream.text).toBe(
      'Training: 0/100\nTraining: 25/100\nTraining: 50/100\nTraining: 75/100\nTraining: 100/100\nCalibrating: 1/1\n',
    );
  });

  it('draws a bar with the phase name on a terminal', () => {
    const stream = Object.assign(new CapturedStream(), {
      isTTY: true,
      columns: 80,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
    const progress = createProgressReporter(stream);
    progress.update({ phase: 'Training', done: 5, total: 10 });
    progress.stop();
    expect(stream.text).toContain('Training [');
    expect(stream.text).toContain('50%');
  });
});
