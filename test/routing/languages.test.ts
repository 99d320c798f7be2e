import { chosenLanguage, isLanguageTag, languageMenu, speakersFirst, speaks } from '../../src/routing/languages';

const agent = (id: string, languages?: string[]) => ({ id, languages });

describe('languages', () => {
  it('knows a language tag from something else', () => {
    expect(['fr', 'pt-BR', 'sw-KE', 'zh-Hant-TW'].every(isLanguageTag)).toBe(true);
    expect(['', 'french!', 'en_US x', '12'].some(isLanguageTag)).toBe(false);
  });

  it('matches on the primary language, and an agent who never said speaks any', () => {
    expect(speaks(agent('a', ['fr']), 'fr-FR')).toBe(true);
    expect(speaks(agent('a', ['FR-ca']), 'fr-FR')).toBe(true);
    expect(speaks(agent('a', ['en', 'de']), 'fr-FR')).toBe(false);
    expect(speaks(agent('a', []), 'fr-FR')).toBe(true);
    expect(speaks(agent('a'), 'fr-FR')).toBe(true);
  });

  it('puts speakers first and falls back to everyone when none is left', () => {
    const team = [agent('alice', ['en']), agent('bob', ['fr']), agent('carol', ['en', 'fr'])];
    expect(speakersFirst(team, 'fr-FR').map((a) => a.id)).toEqual(['bob', 'carol']);
    expect(speakersFirst(team, 'de-DE').map((a) => a.id)).toEqual(['alice', 'bob', 'carol']);
    expect(speakersFirst(team, null).map((a) => a.id)).toEqual(['alice', 'bob', 'carol']);
  });

  it('builds the menu in each language\'s own words, key 1 for the first', () => {
    const menu = languageMenu(['en-US', 'fr-FR', 'sw-KE', 'ja-JP']);
    expect(menu?.choices).toEqual([
      { key: '1', language: 'en-US', name: 'English' },
      { key: '2', language: 'fr-FR', name: 'français' },
      { key: '3', language: 'sw-KE', name: 'Kiswahili' },
      { key: '4', language: 'ja-JP', name: '日本語' },
    ]);
    expect(menu?.prompt).toBe('For English, press 1. Pour le français, appuyez sur 2. Kwa Kiswahili, bonyeza 3. For 日本語, press 4.');
  });

  it('has no menu for fewer than two languages', () => {
    expect(languageMenu([])).toBeNull();
    expect(languageMenu(['en-US'])).toBeNull();
  });

  it('maps a pressed key to its language, and an off-menu key to none', () => {
    const languages = ['en-US', 'fr-FR'];
    expect(chosenLanguage(languages, '2')).toBe('fr-FR');
    expect(chosenLanguage(languages, '3')).toBeNull();
    expect(chosenLanguage(languages, '0')).toBeNull();
    expect(chosenLanguage(languages, '*')).toBeNull();
  });
});
