/**
 * The app's manifest, installation parameters and request templates against the schemas in
 * ./schemas (written from Freshworks' platform 3.0 docs), and the links between them: every
 * template is declared, every template the code invokes exists, every page and icon is there.
 */
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv');
const { TEMPLATES } = require('../../freshdesk-app/app/scripts/call-service');

const appDir = path.join(__dirname, '../../freshdesk-app');
const readJson = (file) => JSON.parse(fs.readFileSync(path.join(appDir, file), 'utf8'));
const schema = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, 'schemas', name), 'utf8'));

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validateManifest = ajv.compile(schema('manifest.schema.json'));
const validateIparams = ajv.compile(schema('iparams.schema.json'));
const validateRequests = ajv.compile(schema('requests.schema.json'));

const manifest = readJson('manifest.json');
const iparams = readJson('config/iparams.json');
const requests = readJson('config/requests.json');

function errorsOf(validate, data) {
  return validate(data) ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`);
}

describe('the app files match the platform 3.0 schemas', () => {
  test('manifest.json', () => {
    expect(errorsOf(validateManifest, manifest)).toEqual([]);
  });
  test('config/iparams.json', () => {
    expect(errorsOf(validateIparams, iparams)).toEqual([]);
  });
  test('config/requests.json', () => {
    expect(errorsOf(validateRequests, requests)).toEqual([]);
  });
});

describe('the schemas refuse what platform 3.0 refuses', () => {
  test('a 2.x manifest (product.freshdesk, whitelisted-domains, platform 2.3)', () => {
    const legacy = {
      'platform-version': '2.3',
      product: { freshdesk: { location: { ticket_sidebar: { url: 'index.html', icon: 'styles/images/icon.svg' } } } },
      'whitelisted-domains': ['https://voice.example.com'],
      engines: { node: '18.16.1', fdk: '9.1.0' },
    };
    const errors = errorsOf(validateManifest, legacy);
    expect(errors).toEqual(expect.arrayContaining(['/platform-version must be equal to constant', ' must have required property \'modules\'']));
    expect(validateManifest.errors.map((e) => e.params.additionalProperty).filter(Boolean)).toEqual(['product', 'whitelisted-domains']);
  });

  test('a 3.0 manifest declaring requests outside modules.common, or without engines', () => {
    const misplaced = { ...manifest, modules: { ...manifest.modules, support_ticket: { ...manifest.modules.support_ticket, requests: { clickToCall: {} } } } };
    expect(validateManifest(misplaced)).toBe(false);
    const { engines, ...withoutEngines } = manifest;
    expect(validateManifest(withoutEngines)).toBe(false);
  });

  test('a location that is not a placeholder of its module', () => {
    const wrong = { ...manifest, modules: { ...manifest.modules, common: { ...manifest.modules.common, location: { ticket_sidebar: { url: 'ticket.html', icon: 'styles/images/icon.svg' } } } } };
    expect(validateManifest(wrong)).toBe(false);
  });

  test('a request host with a scheme or a path', () => {
    const withScheme = { t: { schema: { method: 'GET', host: 'https://voice.example.com', path: '/x' } } };
    const withPath = { t: { schema: { method: 'GET', host: 'voice.example.com/freshdesk', path: '/x' } } };
    expect(validateRequests(withScheme)).toBe(false);
    expect(validateRequests(withPath)).toBe(false);
  });

  test('a dropdown iparam without options, and an unknown iparam type', () => {
    expect(validateIparams({ carrier: { display_name: 'Carrier', type: 'dropdown' } })).toBe(false);
    expect(validateIparams({ secret: { display_name: 'Secret', type: 'password', secure: true } })).toBe(false);
  });
});

describe('the files agree with each other and with the code', () => {
  const declared = Object.keys(manifest.modules.common.requests).sort();

  test('every template in requests.json is declared in the manifest, and only those', () => {
    expect(declared).toEqual(Object.keys(requests).sort());
  });

  test('every template the app code invokes exists in requests.json', () => {
    const scriptsDir = path.join(appDir, 'app/scripts');
    const invokedLiterals = [];
    // The app's own scripts; scripts/vendor/ is the build's copy of the softphone panel and SDKs.
    for (const file of fs.readdirSync(scriptsDir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)) {
      const source = fs.readFileSync(path.join(scriptsDir, file), 'utf8');
      for (const match of source.matchAll(/invokeTemplate\(\s*['"]([^'"]+)['"]/g)) invokedLiterals.push(match[1]);
    }
    const invoked = [...new Set([...Object.values(TEMPLATES), ...invokedLiterals])].sort();
    expect(invoked).toEqual(['agentCall', 'callStatus', 'clickToCall', 'softphoneCall', 'softphoneHeartbeat', 'softphoneToken']);
    for (const name of invoked) expect(Object.keys(requests)).toContain(name);
  });

  test('the templates call the service contract: paths, methods and the Bearer secret from a secure iparam', () => {
    const byName = Object.fromEntries(Object.entries(requests).map(([name, t]) => [name, t.schema]));
    expect([byName.clickToCall.method, byName.clickToCall.path]).toEqual(['POST', '/freshdesk/click-to-call']);
    expect([byName.callStatus.method, byName.callStatus.path, byName.callStatus.query]).toEqual(['GET', '/freshdesk/call-status', { callId: '<%= context.callId %>' }]);
    expect([byName.agentCall.method, byName.agentCall.path, byName.agentCall.query]).toEqual(['GET', '/freshdesk/agent-call', { agentEmail: '<%= context.agentEmail %>' }]);
    expect([byName.softphoneToken.method, byName.softphoneToken.path]).toEqual(['POST', '/softphone/token']);
    expect([byName.softphoneHeartbeat.method, byName.softphoneHeartbeat.path]).toEqual(['POST', '/softphone/heartbeat']);
    expect([byName.softphoneCall.method, byName.softphoneCall.path]).toEqual(['POST', '/softphone/call']);
    for (const template of Object.values(byName)) {
      expect(template.protocol).toBe('https');
      expect(template.host).toBe('<%= iparam.service_host %>');
      const auth = template.headers.Authorization.match(/^Bearer <%= iparam\.([A-Za-z0-9_]+) %>$/);
      expect(auth).not.toBeNull();
      expect(iparams[auth[1]].secure).toBe(true);
    }
  });

  test('every iparam a template reads exists, and the default carrier is one the service knows', () => {
    const used = new Set(JSON.stringify(requests).match(/iparam\.[A-Za-z0-9_]+/g).map((s) => s.slice('iparam.'.length)));
    for (const name of used) expect(Object.keys(iparams)).toContain(name);
    expect(iparams.default_carrier.options).toEqual(['twilio', 'africastalking']);
    expect(iparams.default_carrier.options).toContain(iparams.default_carrier.default_value);
  });

  test('every page and icon the manifest names exists, and each page loads the platform client and its scripts', () => {
    const locations = Object.values(manifest.modules).flatMap((module) => Object.values(module.location || {}));
    expect(locations.length).toBe(2);
    for (const { url, icon } of locations) {
      expect(fs.existsSync(path.join(appDir, 'app', icon))).toBe(true);
      const html = fs.readFileSync(path.join(appDir, 'app', url), 'utf8');
      expect(html).toContain('<script src="{{{appclient}}}"></script>');
      for (const [, src] of html.matchAll(/<script src="(scripts\/[^"]+)"/g)) {
        expect(fs.existsSync(path.join(appDir, 'app', src))).toBe(true);
      }
    }
  });
});
