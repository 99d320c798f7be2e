import { z } from 'zod';
import type { Agent } from '../agents/agent';

/** A well-formed BCP 47 tag ("fr", "pt-BR"); Intl knows the grammar, so we do not restate it. */
export function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

const primary = (tag: string) => tag.split('-')[0].toLowerCase();

/** An agent who never said which languages they take calls in takes them in any. */
export function speaks(agent: Pick<Agent, 'languages'>, language: string): boolean {
  const languages = agent.languages ?? [];
  return languages.length === 0 || languages.some((l) => primary(l) === primary(language));
}

/**
 * Of the agents who could be rung, those who speak the caller's language; when none of them is
 * left, everyone else, so a caller is never turned away for choosing a language.
 */
export function speakersFirst<A extends Pick<Agent, 'languages'>>(agents: A[], language: string | null | undefined): A[] {
  if (!language) return agents;
  const speakers = agents.filter((agent) => speaks(agent, language));
  return speakers.length > 0 ? speakers : agents;
}

/** "Pour le français, appuyez sur 2": each language's own words, for the languages we know them in. */
const PHRASES: Record<string, (name: string, key: string) => string> = {
  en: (name, key) => `For ${name}, press ${key}.`,
  fr: (name, key) => `Pour le ${name}, appuyez sur ${key}.`,
  es: (name, key) => `Para ${name}, oprima ${key}.`,
  pt: (name, key) => `Para ${name}, pressione ${key}.`,
  de: (name, key) => `Für ${name} drücken Sie ${key}.`,
  it: (name, key) => `Per l'${name}, premi ${key}.`,
  nl: (name, key) => `Voor het ${name}, druk op ${key}.`,
  sw: (name, key) => `Kwa ${name}, bonyeza ${key}.`,
};

export interface LanguageChoice {
  /** The key the caller presses: 1 for the first configured language, and so on. */
  key: string;
  language: string;
  /** The language's name in itself ("français"). */
  name: string;
}

export interface LanguageMenu {
  prompt: string;
  choices: LanguageChoice[];
}

/** A language menu's choices, key 1 for the first: at most 9, each once. */
export const languageTags = z
  .array(z.string())
  .refine((tags) => tags.every(isLanguageTag), { message: 'must be language tags, e.g. en-US,fr-FR' })
  .refine((tags) => tags.length <= 9, { message: 'must list at most 9 languages (one key each)' })
  .refine((tags) => new Set(tags.map((t) => t.toLowerCase())).size === tags.length, { message: 'must not list a language twice' });

/** The menu for the configured languages; none for fewer than two. */
export function languageMenu(languages: readonly string[]): LanguageMenu | null {
  if (languages.length < 2) return null;
  const choices = languages.map((language, index) => ({
    key: String(index + 1),
    language,
    name: new Intl.DisplayNames([language], { type: 'language', languageDisplay: 'standard' }).of(primary(language)) ?? language,
  }));
  const phrase = (c: LanguageChoice) => (PHRASES[primary(c.language)] ?? PHRASES.en)(c.name, c.key);
  return { prompt: choices.map(phrase).join(' '), choices };
}

/** The language behind a key the caller pressed; null for a key the menu does not offer. */
export function chosenLanguage(languages: readonly string[], key: string): string | null {
  return /^[1-9]$/.test(key) ? (languages[Number(key) - 1] ?? null) : null;
}
