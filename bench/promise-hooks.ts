/**
 * Promise-hooks benchmark: what an enabled AsyncLocalStorage costs socbot per turn. On Node 20 an
 * AsyncLocalStorage that ran once turns on the process's promise hooks until it is disabled, and
 * every promise of every turn pays for them; socbot therefore keeps none enabled on the turn path
 * (src/store/postgres/turn-snapshot.ts, src/channels/sdk-console.ts, the eslint rule).
 *
 *   npm run bench:promise-hooks                     # 8 × 500 turns each way
 *   npm run bench:promise-hooks -- --blocks 16 --turns 1000
 *
 * One process, the embedded defaults in a temporary directory, the project's trained model, turns
 * through botbuilder's TestAdapter (no HTTP): the register-alert form walked and cancelled, five
 * turns a conversation. Blocks with the hooks off and on alternate, so the VM's drift in speed hits
 * both alike; printed is the process's CPU per turn in each block and the ratio of the means.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestAdapter, type Activity } from 'botbuilder';
import { createApp } from '../src/app/create-app';
import { createBot } from '../src/channels/bot-edge';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { loadCorpus } from '../src/nlu/corpus/load-corpus';
import { trainModel } from '../src/nlu/train-model';

/** The project root, whether this runs from bench/ (tsx) or dist/bench/ (built). */
const ROOT = path.resolve(__dirname, existsSync(path.join(__dirname, '..', 'package.json')) ? '..' : '../..');

interface Options {
  blocks: number;
  turns: number;
}

function optionsOf(argv: readonly string[]): Options {
  const valueOf = (name: string, fallback: number): number => {
    const index = argv.indexOf(`--${name}`);
    const value = index >= 0 ? Number(argv[index + 1]) : fallback;
    if (!Number.isInteger(value) || value <= 0)
      throw new Error(`--${name} takes a whole number, e.g. --${name} ${fallback}`);
    return value;
  };
  return { blocks: valueOf('blocks', 8), turns: valueOf('turns', 500) };
}

async function main(): Promise<void> {
  const options = optionsOf(process.argv.slice(2));
  const work = await mkdtemp(path.join(tmpdir(), 'socbot-bench-hooks-'));
  const logger = createLogger({ level: 'silent' });
  const app = createApp({
    config: loadConfig({ SOCBOT_DATA_DIR: path.join(work, 'data') }),
    logger,
    isLocalTurn: () => true,
  });
  try {
    await app.start();
    const recognizer = await trainModel(loadCorpus(path.join(ROOT, 'corpus'), { strict: true }));
    const bot = await createBot({ wiring: app, recognizer, logger });
    const adapter = new TestAdapter((context) => bot.run(context));
    let conversations = 0;
    /** One analyst's five turns: the form asked through, then cancelled (nothing registered). */
    const conversation = async (): Promise<void> => {
      conversations += 1;
      const id = `bench-${conversations}`;
      for (const text of [
        `register alert ${4000 + conversations} on PRD`,
        'PC-0815',
        'DDIC',
        'P3',
        'cancel',
      ]) {
        await adapter.processActivity({
          type: 'message',
          text,
          conversation: { id },
          from: { id: 'ana', name: 'Ana' },
        } as Partial<Activity>);
      }
    };
    const hooks = new AsyncLocalStorage<{ on: true }>();
    const block = async (hooksOn: boolean): Promise<number> => {
      const started = process.cpuUsage();
      const turns = async (): Promise<void> => {
        for (let done = 0; done < options.turns; done += 5) await conversation();
      };
      if (hooksOn) {
        await hooks.run({ on: true }, turns);
        hooks.disable();
      } else await turns();
      const used = process.cpuUsage(started);
      return (used.user + used.system) / 1000 / options.turns;
    };
    await block(false); // warm-up: compiled before either side is measured
    const off: number[] = [];
    const on: number[] = [];
    for (let round = 0; round < options.blocks; round += 1) {
      off.push(await block(false));
      on.push(await block(true));
    }
    const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
    const shown = (values: readonly number[]): string => values.map((value) => value.toFixed(3)).join(', ');
    process.stdout.write(
      `CPU ms per turn, ${options.blocks} blocks of ${options.turns} turns each way (Node ${process.version}):\n` +
        `  promise hooks off: ${shown(off)} (mean ${mean(off).toFixed(3)})\n` +
        `  promise hooks on:  ${shown(on)} (mean ${mean(on).toFixed(3)})\n` +
        `  on / off: ${(mean(on) / mean(off)).toFixed(3)}; blocks where on cost more: ${on.filter((value, i) => value > (off[i] ?? 0)).length} of ${options.blocks}\n`,
    );
    await bot.close();
  } finally {
    await app.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
