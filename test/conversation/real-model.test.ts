import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCorpus } from '../../src/nlu/corpus/load-corpus';
import { trainModel } from '../../src/nlu/train-model';
import type { Recognizer } from '../../src/nlu/types';
import { auditFilePath } from '../../src/audit/audit-log';
import { readAuditFile } from '../../src/audit/read-audit-file';
import { openDataStore } from '../../src/store/data-store';
import { cardSubmit, confirms, says, startBot, type BotHarness } from './helpers/bot-harness';
import { registeredAlerts } from '../helpers/alerts-on-disk';

/** The dialog on the real model trained from the project corpus: what an analyst would type. */
describe('conversation with the real trained model', () => {
  let model: Recognizer;
  let harness: BotHarness;
  beforeAll(async () => {
    model = await trainModel(loadCorpus(path.resolve(__dirname, '../../corpus')));
  });
  beforeEach(async () => {
    harness = await startBot({
      recognizer: model,
      dataDir: await mkdtemp(path.join(os.tmpdir(), 'socbot-real-')),
    });
  });
  afterEach(async () => {
    await harness.dispose();
  });

  it('registers an alert from one sentence and informs Basis afterwards', async () => {
    await harness.adapter
      .send('ETD raised alert 4711 on PRD, user DDIC from terminal PC-0815')
      .assertReply(says('I have alert ID 4711, terminal PC-0815, user DDIC, system PRD.', 'Which priority'))
      .send('P2')
      .assertReply(confirms('Register alert 4711 on PRD: user DDIC, terminal PC-0815, priority P2?'))
      .send(cardSubmit('confirm', 'register-alert'))
      .assertReply(says('Registered alert 4711 as SOC-'))
      .send('inform Basis')
      .assertReply(
        confirms(
          "OK, let's inform the Basis team.",
          'Ask Basis about user DDIC on PRD from terminal PC-0815 (alert 4711)?',
        ),
      )
      .send('yes')
      .assertReply(says('Recorded request BR-0001', 'No Basis channel is configured yet'));
    expect(await registeredAlerts(harness.dataDir)).toHaveLength(1);
    expect(await openDataStore(harness.dataDir).basisRequests.list()).toHaveLength(1);
  });

  it('keeps the terminal named as one when the message also gives an IP address, in either order', async () => {
    await harness.adapter
      .send('register alert 4816 on PRD user JDOE terminal PC-1016 ip 10.1.2.3 P3')
      .assertReply(confirms('Register alert 4816 on PRD: user JDOE, terminal PC-1016, priority P3?'))
      .send('cancel')
      .assertReply(says('OK, cancelled'))
      .send('register alert 4817 on PRD user JDOE from 10.1.2.4 terminal PC-1017 P3')
      .assertReply(confirms('Register alert 4817 on PRD: user JDOE, terminal PC-1017, priority P3?'))
      .send('cancel')
      .assertReply(says('OK, cancelled'))
      // An address alone is the terminal, as before.
      .send('register alert 4818 on PRD user JDOE from 10.1.2.5 P3')
      .assertReply(confirms('Register alert 4818 on PRD: user JDOE, terminal 10.1.2.5, priority P3?'));
  });

  it('remembers facts, asks for the rest by bare answers, takes corrections and skips with "no"', async () => {
    await harness.adapter
      .send('the user is DDIC')
      .assertReply('Noted: user DDIC.')
      .send('it happened on PRD client 100')
      .assertReply('Noted: system PRD/100.')
      .send('it happened on PRD client 100')
      .assertReply('I already have that: system PRD/100.')
      .send('it happened on PRD')
      .assertReply('Noted: system PRD (instead of PRD/100).')
      .send('register an alert')
      .assertReply(
        "OK, let's register an alert. I have user DDIC, system PRD.\n\n" +
          'Which alert ID did the detection system raise? (e.g. 4711)',
      )
      .send('4711')
      .assertReply(says('From which terminal'))
      .send('PC-0815')
      .assertReply(says('Which priority'))
      .send('no')
      .assertReply(confirms('terminal PC-0815, priority not given?'))
      .send('no, the terminal is PC-0816')
      .assertReply((activity) => {
        expect(activity.text?.split('\n\n')[0]).toBe('Changed terminal from PC-0815 to PC-0816.');
        confirms('terminal PC-0816')(activity);
      })
      .send('yes please')
      .assertReply(says('Registered alert 4711 as SOC-'));
  });

  it('reads answers inside a sentence and priority words', async () => {
    await harness.adapter
      .send('register alert 4711 on PRD')
      .assertReply(says('I have alert ID 4711, system PRD.', 'From which terminal'))
      .send('it was fin-ws-119')
      .assertReply(says('Which SAP user'))
      .send('no wait, the user is SAP*')
      .assertReply(says('Which priority'))
      .send('high')
      .assertReply(confirms('Register alert 4711 on PRD: user SAP*, terminal fin-ws-119, priority P2?'));
  });

  it('handles cancel, help and status mid-form', async () => {
    await harness.adapter
      .send('register an alert')
      .assertReply(
        "OK, let's register an alert.\n\nWhich alert ID did the detection system raise? (e.g. 4711)",
      )
      .send('help')
      .assertReply(says("I'm asking for the alert ID", 'Which alert ID'))
      .send('status')
      .assertReply(
        says('I have nothing yet.', 'Still needed: alert ID, terminal, user, system.', 'Which alert ID'),
      )
      .send('cancel')
      .assertReply('OK, cancelled: I did not register an alert.');
  });

  it('is not sure about out-of-scope requests, offers skills and queues them for review', async () => {
    await harness.adapter
      .send('what is the weather in Paris')
      .assertReply((activity) => {
        expect(activity.text).toContain("I'm not sure what you mean.");
        expect(activity.suggestedActions?.actions).toHaveLength(2);
      })
      .send('what can you do')
      .assertReply(says('I can:', 'register an alert', 'inform the Basis team'))
      .send('hello')
      .assertReply(says("Hello! I'm socbot."));
    expect((await openDataStore(harness.dataDir).reviews.list('pending')).map((item) => item.text)).toEqual([
      'what is the weather in Paris',
    ]);
  });

  it('takes a misspelt priority as an attempt at the priority, never as goodbye', async () => {
    await harness.adapter
      .send('ETD raised alert 4711 on PRD, user DDIC from terminal PC-0815')
      .assertReply(says('Which priority'))
      .send('prio hgh')
      .assertReply((activity) => {
        says("That doesn't look like a priority", 'Which priority')(activity);
        expect(activity.text).not.toContain('Goodbye');
      })
      .send('P2')
      .assertReply(confirms('Register alert 4711 on PRD'));
  });

  it('audits a bare answer to the open question as no command, whatever intent the model reads in it', async () => {
    await harness.adapter
      .send('ETD raised alert 4711 on PRD, user DDIC from terminal PC-0815')
      .assertReply(says('Which priority'))
      // The model reads a bare "P2" as "list the open P1 and P2 alerts"; here it is the priority.
      .send('P2')
      .assertReply(confirms('Register alert 4711 on PRD: user DDIC, terminal PC-0815, priority P2?'));
    await harness.app.audit.flush();
    const entries = (await readAuditFile(auditFilePath(harness.dataDir))).lines.flatMap((line) =>
      line.entry ? [line.entry] : [],
    );
    const commands = entries.filter((entry) => entry.action === 'command').map((entry) => entry.summary);
    expect(commands).toEqual(['register an alert']);
  });

  it("a typo'd new alert after a registration changes nothing and says so, as the new-user trial typed it", async () => {
    await harness.adapter
      .send('register alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
      .assertReply(confirms('Register alert 4711 on PRD'))
      .send(cardSubmit('confirm', 'register-alert'))
      .assertReply(says('Registered alert 4711 as SOC-'));
    const [alert] = await registeredAlerts(harness.dataDir);
    // The model reads "alrt 4712 …" as a statement of the terminal (intent initiator), no form open.
    await harness.adapter.send('alrt 4712 on QAS from terminal LAPTOP-77').assertReply((activity) => {
      expect(activity.text).toBe(
        `Nothing is open to change, so I changed nothing: alert 4711 was already registered as ${alert?.ref ?? ''}. ` +
          'Noted for a new alert: alert ID 4712, system QAS, terminal LAPTOP-77. ' +
          'To register an alert with these, say "register an alert".',
      );
      expect(activity.suggestedActions?.actions.map((action) => action.value)).toEqual(['register an alert']);
    });
    expect(await registeredAlerts(harness.dataDir)).toHaveLength(1);
  });

  it("reads socbot's own reference as the registered alert, not as the attacker's terminal", async () => {
    await harness.adapter
      .send('ETD raised alert 4711 on PRD, user DDIC from terminal PC-0815, P2')
      .assertReply(confirms('Register alert 4711 on PRD'))
      .send('yes')
      .assertReply(says('Registered alert 4711 as SOC-'));
    const [alert] = await registeredAlerts(harness.dataDir);
    await harness.adapter.send(`tell basis about ${alert?.ref ?? ''}`).assertReply((activity) => {
      confirms('Ask Basis about user DDIC on PRD from terminal PC-0815 (alert 4711)?')(activity);
      expect(activity.text).not.toContain(`terminal ${alert?.ref ?? ''}`);
    });
  });
});
