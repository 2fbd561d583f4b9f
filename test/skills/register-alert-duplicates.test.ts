import { emptyMemory, type ConversationMemory } from '../../src/conversation/conversation-memory';
import { loadSkillRegistry } from '../../src/skills/skill-registry';
import {
  confirmButtonOf,
  startTurnRunner,
  textOf,
  UNKNOWN_USER,
  type TurnRunner,
} from '../conversation/helpers/turn-runner';

const YEAR = new Date().getFullYear();
const REGISTER = 'register alert 4711 terminal PC-0815 user is DDIC on PRD P2';

/** The duplicate warning is answered only by an answer to the warning itself, never by a replay. */
describe('skills/register-alert: an alert already registered', () => {
  let runner: TurnRunner;
  let memory: ConversationMemory;
  beforeEach(async () => {
    runner = await startTurnRunner(await loadSkillRegistry());
    memory = emptyMemory();
    await runner.text(REGISTER, memory);
    expect(textOf(await runner.text('yes', memory))).toContain(`as SOC-${YEAR}-0001`);
  });
  afterEach(async () => {
    await runner.dispose();
  });

  async function alertIds(): Promise<string[]> {
    return (await runner.app.store.alerts.list()).map((alert) => alert.ref);
  }

  it("a second press of the first card's Confirm is stale: it says so and registers nothing", async () => {
    const firstCard = confirmButtonOf(await runner.text(REGISTER, memory));
    const warned = await runner.submit(firstCard, memory);
    expect(textOf(warned)).toContain(`already registered as SOC-${YEAR}-0001`);
    const replayed = await runner.submit(firstCard, memory);
    expect(textOf(replayed)).toContain('That Confirm was on the card before my warning');
    expect(textOf(replayed)).toContain(`already registered as SOC-${YEAR}-0001`);
    expect(await alertIds()).toEqual([`SOC-${YEAR}-0001`]);
    // The warning's own Confirm is the analyst insisting.
    await runner.submit(confirmButtonOf(warned), memory);
    expect(await alertIds()).toEqual([`SOC-${YEAR}-0001`, `SOC-${YEAR}-0002`]);
  });

  it('"yes" sent twice is not insisting: only "yes anyway" registers again', async () => {
    await runner.text(REGISTER, memory);
    expect(textOf(await runner.text('yes', memory))).toContain('Say "yes anyway"');
    const repeated = await runner.text('yes', memory);
    expect(textOf(repeated)).toContain(`already registered as SOC-${YEAR}-0001`);
    expect(await alertIds()).toEqual([`SOC-${YEAR}-0001`]);
    expect(textOf(await runner.text('yes anyway', memory))).toContain(`as SOC-${YEAR}-0002`);
  });

  it('a confirmation sent again after its turn was cut off mid-action continues that request: no warning about its own alert, nothing registered twice', async () => {
    const intents = runner.app.intents;
    if (!intents) throw new Error('the app wires no intent journal');
    const isUnfinished = jest.spyOn(intents, 'isUnfinished');
    await runner.text('register alert 4712 terminal PC-0815 user is DDIC on PRD P2', memory);
    // The memory as saved before the confirming turn: that turn is cut off after its action ran,
    // before its memory was saved and its intent marked finished (runTurn alone never finishes it).
    const savedBeforeTheCut = structuredClone(memory);
    expect(textOf(await runner.text('yes', memory))).toContain(`as SOC-${YEAR}-0002`);
    // The check found nothing to warn about: the journal was not asked.
    expect(isUnfinished).not.toHaveBeenCalled();
    const resent = await runner.text('yes', savedBeforeTheCut);
    expect(textOf(resent)).not.toContain('already registered');
    expect(textOf(resent)).toContain(`SOC-${YEAR}-0002`);
    expect(isUnfinished).toHaveBeenCalledTimes(1);
    expect(await alertIds()).toEqual([`SOC-${YEAR}-0001`, `SOC-${YEAR}-0002`]);
  });

  it('"status" and "help" at the warning ask the warning again, and help names "yes anyway"', async () => {
    await runner.text(REGISTER, memory);
    await runner.text('yes', memory);
    const status = await runner.text('status', memory);
    expect(textOf(status)).toContain(`already registered as SOC-${YEAR}-0001: register it again anyway?`);
    expect(confirmButtonOf(status).stage).toBe('warning');
    const help = await runner.text('help', memory);
    expect(textOf(help)).toContain('Say "yes anyway" to go ahead');
    expect(textOf(help)).toContain(`already registered as SOC-${YEAR}-0001: register it again anyway?`);
    expect(textOf(help)).not.toContain('Say "yes" to');
    expect(textOf(await runner.text('yes anyway', memory))).toContain(`as SOC-${YEAR}-0002`);
  });

  /** Registers 4711 again up to the warning, then starts inform Basis: the registration is kept aside. */
  async function warnedThenPutAside(): Promise<void> {
    await runner.text(REGISTER, memory);
    expect(textOf(await runner.text('yes', memory))).toContain('Say "yes anyway"');
    expect(textOf(await runner.text('tell basis about it', memory))).toContain(
      'I\'ve kept "register an alert" (alert ID 4711, terminal PC-0815, user DDIC, system PRD, priority P2) aside',
    );
  }

  it('a registration kept aside at the warning asks the warning again when it comes back: "yes" still registers nothing, "yes anyway" does', async () => {
    await warnedThenPutAside();
    const back = await runner.text('cancel', memory);
    expect(textOf(back)).toContain(
      'Back to "register an alert": I have alert ID 4711, terminal PC-0815, user DDIC, system PRD, priority P2. ' +
        `Alert 4711 on PRD is already registered as SOC-${YEAR}-0001: register it again anyway? Say "yes anyway"`,
    );
    expect(textOf(back)).not.toContain('Say "yes" to confirm');
    expect(confirmButtonOf(back).stage).toBe('warning');
    expect(textOf(await runner.text('yes', memory))).toContain('so I did nothing');
    expect(await alertIds()).toEqual([`SOC-${YEAR}-0001`]);
    expect(textOf(await runner.text('yes anyway', memory))).toContain(`as SOC-${YEAR}-0002`);
    expect(await alertIds()).toEqual([`SOC-${YEAR}-0001`, `SOC-${YEAR}-0002`]);
  });

  /** Lea registers the same alert in another conversation while the analyst's form waits aside. */
  const registeredMeanwhileByLea = () =>
    runner.app.store.alerts.add({
      alertId: '4711',
      terminal: 'PC-0815',
      username: 'DDIC',
      system: 'PRD',
      priority: 'P2',
      createdBy: 'Lea',
      conversationId: 'c2',
    });

  it('the warning is checked again when the registration comes back: one registered meanwhile is named too', async () => {
    await warnedThenPutAside();
    await registeredMeanwhileByLea();
    const back = await runner.text('cancel', memory);
    expect(textOf(back)).toContain(
      `Alert 4711 on PRD is already registered as SOC-${YEAR}-0001, SOC-${YEAR}-0002: register it again anyway?`,
    );
    expect(textOf(await runner.text('yes anyway', memory))).toContain(`as SOC-${YEAR}-0003`);
  });

  it('coming back in the turn of someone without the permission, the warning is the one already said (the register is not read for them), and "yes anyway" checks again', async () => {
    await warnedThenPutAside();
    await registeredMeanwhileByLea();
    const back = await runner.text('cancel', memory, UNKNOWN_USER);
    expect(textOf(back)).toContain(
      `Alert 4711 on PRD is already registered as SOC-${YEAR}-0001: register it again anyway?`,
    );
    expect(textOf(back)).not.toContain(`SOC-${YEAR}-0002`);
    // Bringing a form back is no refusal: nothing is audited for it.
    expect(runner.audited).not.toContainEqual(expect.objectContaining({ action: 'refusal' }));
    // "yes anyway" accepts the warning that was said, not one that grew since: it is said anew first.
    const insisted = textOf(await runner.text('yes anyway', memory));
    expect(insisted).toContain('That changed since my warning, so I did nothing yet.');
    expect(insisted).toContain(
      `already registered as SOC-${YEAR}-0001, SOC-${YEAR}-0002: register it again anyway?`,
    );
    expect(await alertIds()).toEqual([`SOC-${YEAR}-0001`, `SOC-${YEAR}-0002`]);
    expect(textOf(await runner.text('yes anyway', memory))).toContain(`as SOC-${YEAR}-0003`);
  });

  it('asked for again while kept aside, the registration says the warning, not a plain confirmation', async () => {
    await warnedThenPutAside();
    const again = await runner.text(REGISTER, memory);
    expect(textOf(again)).toContain('I\'ve kept "inform the Basis team"');
    expect(textOf(again)).toContain('Back to "register an alert"');
    expect(textOf(again)).toContain(
      `already registered as SOC-${YEAR}-0001: register it again anyway? Say "yes anyway"`,
    );
    expect(textOf(again)).not.toContain('Say "yes" to confirm');
    expect(textOf(await runner.text('yes', memory))).toContain('so I did nothing');
    expect(await alertIds()).toEqual([`SOC-${YEAR}-0001`]);
  });

  it('an analyst without the permission is refused before the check: no existing reference is shown', async () => {
    await runner.text(REGISTER, memory);
    const refused = await runner.text('yes', memory, UNKNOWN_USER);
    expect(textOf(refused)).toContain("I can't register an alert for you");
    expect(textOf(refused)).not.toContain('SOC-');
    expect(memory.form).toBeUndefined();
    expect(await alertIds()).toEqual([`SOC-${YEAR}-0001`]);
  });
});
