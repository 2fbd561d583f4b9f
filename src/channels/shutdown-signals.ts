import type { Logger } from '../logger';

/**
 * Resolves on the first SIGTERM or SIGINT (graceful stop); a second one while stopping exits at once
 * with code 1, for an operator who does not want to wait. SIGHUP calls `onHangup` (model reload).
 * The returned `dispose` removes the listeners.
 *
 * @example
 *   const { signalled } = onShutdownSignals(logger, () => void recognizer.reload());
 *   await signalled; await server.stop();
 */
export function onShutdownSignals(
  logger: Logger,
  onHangup: () => void,
  target: NodeJS.Process = process,
): { signalled: Promise<NodeJS.Signals>; dispose: () => void } {
  let received: NodeJS.Signals | undefined;
  let resolveSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const signalled = new Promise<NodeJS.Signals>((resolve) => (resolveSignal = resolve));
  const onStop = (signal: NodeJS.Signals): void => {
    if (received) {
      logger.warn({ signal }, 'second stop signal: exiting without waiting');
      target.exit(1);
    }
    received = signal;
    logger.info({ signal }, 'stop signal received');
    resolveSignal(signal);
  };
  const onHup = (): void => {
    logger.info('SIGHUP: checking the model file');
    onHangup();
  };
  target.on('SIGTERM', onStop);
  target.on('SIGINT', onStop);
  target.on('SIGHUP', onHup);
  return {
    signalled,
    dispose: () => {
      target.off('SIGTERM', onStop);
      target.off('SIGINT', onStop);
      target.off('SIGHUP', onHup);
    },
  };
}
