import type { SkillManifestInput } from '../../src/skills/types';

/** Correct the category of a mail to the SOC mailbox: logged, audited, noted on the ticket, re-routed. */
const manifest: SkillManifestInput = {
  title: "correct a mail's category",
  description: 'corrects the category of a mail to the SOC mailbox; its ticket and routing follow',
  // Its examples name an alert that need not exist here: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['mail_recategorise'],
  permission: 'correct_mail_category',
  examples: ['recategorise SOC-2026-0012 as lost-device', 'that one was a lost device'],
  slots: [
    {
      name: 'alert',
      entity: 'alertRef',
      label: 'alert',
      prompt: "Which mail's alert? Give its reference (SOC-2026-0012).",
      why: 'I correct the category of one mail at a time; its card names its alert.',
      example: 'SOC-2026-0012',
    },
    {
      name: 'category',
      entity: 'mailCategory',
      label: 'category',
      prompt: 'Which category is it: phishing, lost-device, enrichment or other?',
      why: 'The category decides the routing (look-ups, the device on the ticket) and trains the mail model.',
      example: 'lost-device',
    },
  ],
  confirmation: 'Correct the category of the mail {alert} to {category}?',
};

export default manifest;
