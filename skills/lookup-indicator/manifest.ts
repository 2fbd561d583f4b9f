import type { SkillManifestInput } from '../../src/skills/types';

/**
 * "vtip 8.8.8.8": what the threat-intelligence sources configured here know about an IP, domain,
 * URL or file hash (defanged forms welcome), one card per indicator, for everyone in the channel.
 */
const manifest: SkillManifestInput = {
  title: 'look up an indicator',
  description:
    'shows what VirusTotal, AbuseIPDB, GreyNoise, Shodan and MISP (those configured here) know about IPs, domains, URLs and file hashes',
  // Its examples name indicators of their own: listed by "help", not offered as a button.
  suggested: false,
  triggerIntents: ['indicator_lookup'],
  permission: 'enrich_indicator',
  // Read-only: asked, answered. Audited with the indicators and, in a room, the incident.
  confirm: false,
  examples: [
    'vtip 185.220.101.4',
    'is evil[.]com known bad?',
    'what does VT say about 44d88612fea8a8f36de82e1278abb02f',
  ],
  slots: [
    {
      name: 'indicators',
      entity: 'indicators',
      label: 'indicator',
      prompt:
        'Which indicator? An IP address, domain, URL or file hash (MD5, SHA-1, SHA-256); defanged is fine.',
      why: 'I look it up at the threat-intelligence sources configured here; up to 10 in one message.',
      example: '185.220.101[.]4',
    },
  ],
  confirmation: 'Look up {indicators}?',
};

export default manifest;
