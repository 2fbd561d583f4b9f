import type { SkillRegistry } from '../skills/skill-registry';
import type { Skill } from '../skills/types';
import { say, type BotReply, type Suggestion } from './bot-reply';
import { capitalize } from './confirmation-card';
import { CONVERSATION_INTENTS } from './intents';

/** A button that starts the skill by sending its first example phrase. */
export function suggestionFor(skill: Skill): Suggestion {
  return {
    title: capitalize(skill.manifest.title),
    value: skill.manifest.examples[0] ?? skill.manifest.title,
  };
}

/** One button per skill that is offered as one (`suggested`, default true). */
export function skillSuggestions(registry: SkillRegistry): Suggestion[] {
  return registry.skills.filter((skill) => skill.manifest.suggested).map(suggestionFor);
}

/**
 * "What can you do": the skills from the registry, and how to steer a conversation. The skills are
 * a Markdown list (blank line before and after, `- ` items): Web Chat and Teams render Markdown and
 * would run single lines together; the console prints the same lines as they are.
 */
export function capabilities(registry: SkillRegistry): BotReply {
  const skills = registry.skills.map((skill) => `- ${skill.manifest.title}: ${skill.manifest.description}`);
  return {
    text:
      `I can:\n\n${skills.join('\n')}\n\n` +
      'Tell me what happened, e.g. "ETD raised alert 4711 on PRD, user DDIC from terminal PC-0815". ' +
      'While I ask you something you can say "help", "status" or "cancel".',
    suggestions: skillSuggestions(registry),
  };
}

/** Greeting, thanks and goodbye; undefined for any other intent. */
export function smallTalk(intent: string, registry: SkillRegistry): BotReply | undefined {
  switch (intent) {
    case CONVERSATION_INTENTS.greeting: {
      const offered = registry.skills.filter((skill) => skill.manifest.suggested);
      const titles = offered.map((skill) => skill.manifest.title).join(' or ');
      const more = offered.length < registry.skills.length ? ' ("help" lists everything)' : '';
      return {
        text: `Hello! I'm socbot. I can ${titles}${more}. What happened?`,
        suggestions: skillSuggestions(registry),
      };
    }
    case CONVERSATION_INTENTS.thanks:
      return say("You're welcome.");
    case CONVERSATION_INTENTS.bye:
      return say('Goodbye. I remember this conversation if you come back.');
    default:
      return undefined;
  }
}
