import type { ConversationAddress } from '../../../src/store/conversation-address';
import {
  ConversationDirectoryStore,
  type ConversationDirectoryRecords,
} from '../../../src/store/conversation-directory';

/** Where a conversation directory keeps its records for one test. */
export interface ConversationDirectoryUnderTest {
  /** The data directory, or a backend's records; every call may give a new handle on the same storage. */
  records(): string | ConversationDirectoryRecords;
  close(): Promise<void>;
}

const address = (channelId: string, conversationId: string, serviceUrl: string): ConversationAddress => ({
  channelId,
  serviceUrl,
  conversation: { id: conversationId, isGroup: true, conversationType: 'channel', name: 'SOC' },
  bot: { id: '28:socbot', name: 'socbot' },
  user: { id: '29:ana', name: 'Ana' },
});

/** The conversation directory's behaviour, whichever backend keeps it. */
export function describeConversationDirectoryContract(
  name: string,
  open: () => Promise<ConversationDirectoryUnderTest>,
): void {
  describe(`ConversationDirectoryStore contract: ${name}`, () => {
    let under: ConversationDirectoryUnderTest;
    beforeEach(async () => {
      under = await open();
    });
    afterEach(() => under.close());

    it('keeps the newest address per conversation, without the message id, for the next process', async () => {
      const directory = new ConversationDirectoryStore(under.records());
      const emea = address('msteams', '19:abc', 'https://smba.trafficmanager.net/emea/');
      expect(await directory.remember({ ...emea, activityId: 'm1' } as ConversationAddress)).toBe(
        'msteams/19:abc',
      );
      // Teams moved the conversation to another service URL.
      const amer = { ...emea, serviceUrl: 'https://smba.trafficmanager.net/amer/' };
      await directory.remember(amer);
      await directory.remember(address('webchat', 'dl-1', 'https://directline.example/'));
      await directory.flush();

      const later = new ConversationDirectoryStore(under.records());
      const stored = await later.reference('msteams/19:abc');
      expect(stored).toEqual(amer);
      expect(stored).not.toHaveProperty('activityId');
      expect(await later.reference('msteams/19:unknown')).toBeUndefined();
      expect(await later.keyOfConversationId('dl-1')).toBe('webchat/dl-1');
      expect(await later.keyOfConversationId('19:abc')).toBe('msteams/19:abc');
      expect(await later.keyOfConversationId('19:other')).toBeUndefined();
    });

    it('finds a conversation id two channels share under the channel stored first', async () => {
      const directory = new ConversationDirectoryStore(under.records());
      await directory.remember(address('webchat', 'shared', 'https://directline.example/'));
      await directory.remember(address('msteams', 'shared', 'https://smba.trafficmanager.net/emea/'));
      // A newer address of the first does not move it behind the second.
      await directory.remember(address('webchat', 'shared', 'https://directline.example/v2/'));
      expect(await new ConversationDirectoryStore(under.records()).keyOfConversationId('shared')).toBe(
        'webchat/shared',
      );
    });

    it('registers conversations per audience once, in registration order, and removes them', async () => {
      const directory = new ConversationDirectoryStore(under.records());
      expect(await directory.register('basis', 'msteams/19:b2')).toBe(true);
      expect(await directory.register('basis', 'msteams/19:b1')).toBe(true);
      expect(await directory.register('basis', 'msteams/19:b2')).toBe(false);
      expect(await directory.register('soc', 'msteams/19:soc')).toBe(true);
      await directory.flush();

      const later = new ConversationDirectoryStore(under.records());
      expect(await later.list('basis')).toEqual(['msteams/19:b2', 'msteams/19:b1']);
      expect(await later.list('leads')).toEqual([]);
      expect(await later.unregister('basis', 'msteams/19:b2')).toBe(true);
      expect(await later.unregister('basis', 'msteams/19:b2')).toBe(false);
      // Registered again: it goes to the end, as a new registration.
      expect(await later.register('basis', 'msteams/19:b2')).toBe(true);
      expect(await later.list('basis')).toEqual(['msteams/19:b1', 'msteams/19:b2']);
      expect(await later.list('soc')).toEqual(['msteams/19:soc']);
    });
  });
}
