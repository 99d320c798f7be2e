import { ConfigError, DEV_DEFAULTS, loadLocalConfig, loadRuntimeConfig, resolveLocalEnv } from '../../src/config';

const valid = { ACCOUNT_SID: 'AC' + 'a'.repeat(32), AUTH_TOKEN: 'secret-token', DASHBOARD_TOKEN: 'dash-token' };

describe('configuration', () => {
  it('applies documented defaults', () => {
    const config = loadRuntimeConfig(valid);
    expect(config).toMatchObject({ DEFAULT_REGION: 'US', SYNC_SERVICE_SID: 'default', SYNC_AGENT_MAP: 'agents' });
    expect(loadLocalConfig({})).toEqual({
      PORT: 3000,
      SYNC_EMULATOR_PORT: 3001,
      SYNC_EMULATOR_RATE_LIMIT: 'on',
      VOICE_API_EMULATOR_PORT: 3002,
      DATA_DIR: '.data',
      AGENTS_FILE: 'agents.example.json',
    });
  });

  it('names every missing or malformed variable', () => {
    let error: unknown;
    try {
      loadRuntimeConfig({ ACCOUNT_SID: 'nope', DEFAULT_REGION: 'XX', PUBLIC_BASE_URL: 'ftp://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['ACCOUNT_SID', 'AUTH_TOKEN is required', 'DASHBOARD_TOKEN is required', 'DEFAULT_REGION', 'PUBLIC_BASE_URL']) {
      expect(message).toContain(name);
    }
  });

  it('rejects a bad PORT', () => {
    expect(() => loadLocalConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('normalises region case and strips a trailing slash from URLs', () => {
    const config = loadRuntimeConfig({ ...valid, DEFAULT_REGION: 'ke', PUBLIC_BASE_URL: 'https://x.ngrok.app/' });
    expect(config.DEFAULT_REGION).toBe('KE');
    expect(config.PUBLIC_BASE_URL).toBe('https://x.ngrok.app');
  });

  it('takes the process environment first, then .env, then the dev defaults', () => {
    const merged = resolveLocalEnv({ PORT: '4000', AUTH_TOKEN: 'from-shell-123' }, { PORT: '5000', DASHBOARD_TOKEN: 'from-dotenv' });
    expect(merged.PORT).toBe('4000');
    expect(merged.AUTH_TOKEN).toBe('from-shell-123');
    expect(merged.DASHBOARD_TOKEN).toBe('from-dotenv');
    expect(merged.ACCOUNT_SID).toBe(DEV_DEFAULTS.ACCOUNT_SID);
    expect(() => loadRuntimeConfig(resolveLocalEnv({}, {}))).not.toThrow();
  });

  it('treats an empty value as unset', () => {
    expect(resolveLocalEnv({ AUTH_TOKEN: '' }, {}).AUTH_TOKEN).toBe(DEV_DEFAULTS.AUTH_TOKEN);
    expect(() => loadRuntimeConfig({ ...valid, AUTH_TOKEN: '  ' })).toThrow(/AUTH_TOKEN is required/);
  });

  it('reads LANGUAGES as a list of language tags, and names what is wrong with it', () => {
    expect(loadRuntimeConfig(valid).LANGUAGES).toEqual([]);
    expect(loadRuntimeConfig({ ...valid, LANGUAGES: ' en-US, fr-FR ,sw ' }).LANGUAGES).toEqual(['en-US', 'fr-FR', 'sw']);
    expect(() => loadRuntimeConfig({ ...valid, LANGUAGES: 'en-US,french!' })).toThrow(/LANGUAGES must be language tags/);
    expect(() => loadRuntimeConfig({ ...valid, LANGUAGES: 'en-US,EN-us' })).toThrow(/LANGUAGES must not list a language twice/);
    expect(() => loadRuntimeConfig({ ...valid, LANGUAGES: 'en,fr,de,es,it,pt,nl,sw,ja,zh' })).toThrow(/at most 9/);
  });

  it('ticket owner first is on by default and rings the owner for 15 s', () => {
    expect(loadRuntimeConfig(valid)).toMatchObject({ TICKET_OWNER_FIRST: 'on', OWNER_RING_TIMEOUT: 15 });
    expect(() => loadRuntimeConfig({ ...valid, OWNER_RING_TIMEOUT: '2' })).toThrow(/OWNER_RING_TIMEOUT must be at least 5 seconds/);
  });
});
