import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const DOVECOT = '/usr/sbin/dovecot';
const STARTUP_DEADLINE_MS = 10_000;

/** The test user every throwaway dovecot knows. */
export const DOVECOT_USER = 'soc';
export const DOVECOT_PASSWORD = 'secret';

/** A throwaway dovecot on 127.0.0.1: IMAP without TLS, one passwd-file user, maildir in a temp dir. */
export interface Dovecot {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** `imap://soc@127.0.0.1:PORT/INBOX` (plaintext is allowed to a loopback host). */
  url(folder?: string): string;
  /** Stops the server (running sessions are cut) and keeps its directory: `start()` brings it back on the same port. */
  halt(): Promise<void>;
  /** Starts it again after `halt()`, with the same mail. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/**
 * Starts a throwaway dovecot for a test: its own config, passwd file, maildir and run directory in
 * a temp dir, listening on a free port of 127.0.0.1; resolves once the port greets with `* OK`.
 * As root, dovecot's login and mail processes run as `dovenull`/`dovecot` (imap-login refuses root);
 * otherwise everything runs as the current user.
 *
 * @example
 *   const dovecot = await startDovecot();
 *   // … new ImapFlow({ host: dovecot.host, port: dovecot.port, secure: false, auth: { user: dovecot.user, pass: dovecot.password } })
 *   await dovecot.stop();
 */
export async function startDovecot(): Promise<Dovecot> {
  if (!existsSync(DOVECOT))
    throw new Error(
      `${DOVECOT} is missing: the mail intake tests need a real IMAP server. Run \`apt-get install dovecot-imapd\` (.ci/run installs it).`,
    );
  // Under /tmp, traversable by the dovecot users (mkdtemp makes it 0700).
  const dir = await mkdtemp(path.join(tmpdir(), 'socbot-dovecot-'));
  await chmod(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  const me = userInfo().username;
  const users = asRoot
    ? { internal: 'dovecot', login: 'dovenull', group: 'dovecot' }
    : { internal: me, login: me, group: me };
  for (const sub of ['run', 'state', 'mail', 'home']) await mkdir(path.join(dir, sub), { mode: 0o755 });
  await writeFile(path.join(dir, 'passwd'), `${DOVECOT_USER}:{PLAIN}${DOVECOT_PASSWORD}\n`);
  if (asRoot) {
    const { uid, gid } = await idsOf('dovecot');
    for (const sub of ['mail', 'home']) await chown(path.join(dir, sub), uid, gid);
  }
  const conf = path.join(dir, 'dovecot.conf');
  let port = 0;
  let running = false;

  async function start(): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      port ||= await freePort();
      await writeFile(conf, configText(dir, port, users));
      await daemon(['-c', conf]);
      running = true;
      try {
        await waitForGreeting(port, dir);
        return;
      } catch (error) {
        await halt();
        // Another process took the port between our probe and dovecot's bind: try another one.
        const log = await readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '');
        if (attempt < 3 && log.includes('Address already in use')) {
          port = 0;
          continue;
        }
        throw error;
      }
    }
  }

  async function halt(): Promise<void> {
    if (!running) return;
    running = false;
    await daemon(['-c', conf, 'stop']).catch(() => undefined);
    // `stop` returns before the master has exited: wait until its pid file is gone.
    const deadline = Date.now() + STARTUP_DEADLINE_MS;
    while (existsSync(path.join(dir, 'run', 'master.pid')) && Date.now() < deadline) await sleep(50);
  }

  await start().catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    user: DOVECOT_USER,
    password: DOVECOT_PASSWORD,
    url: (folder = 'INBOX') => `imap://${DOVECOT_USER}@127.0.0.1:${port}/${folder}`,
    halt,
    start,
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function configText(
  dir: string,
  port: number,
  users: { internal: string; login: string; group: string },
): string {
  return `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
default_internal_user = ${users.internal}
default_login_user = ${users.login}
default_internal_group = ${users.group}
first_valid_uid = 1
first_valid_gid = 1
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${users.internal} gid=${users.group} home=${dir}/home/%u
}
`;
}

/**
 * Runs dovecot and waits for the command to exit, not for its output to close: the daemon it leaves
 * behind inherits the pipes, so `execFile` would wait for the server to end.
 */
function daemon(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(DOVECOT, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`dovecot ${args.join(' ')} exited with ${String(code)}`)),
    );
  });
}

async function idsOf(user: string): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['-u', user]);
  const { stdout: group } = await run('id', ['-g', user]);
  return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
}

/** A port of 127.0.0.1 nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the port answers with IMAP's `* OK` greeting; fails with dovecot's log past the deadline. */
async function waitForGreeting(port: number, dir: string): Promise<void> {
  const deadline = Date.now() + STARTUP_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (await greets(port)) return;
    await sleep(50);
  }
  const log = await readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '(no log)');
  throw new Error(
    `dovecot did not answer on 127.0.0.1:${port} within ${STARTUP_DEADLINE_MS} ms. Its log:\n${log}`,
  );
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) done(text.startsWith('* OK'));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
