import { trimSpec, type OpenApiDocument } from '../../scripts/twilio-oai/trim-spec';

const ok = (ref: string): unknown => ({ description: 'OK', content: { 'application/json': { schema: { $ref: ref } } } });

function spec(): OpenApiDocument {
  return {
    openapi: '3.0.1',
    info: { title: 'Twilio - Test', version: '1.0.0' },
    components: {
      securitySchemes: { accountSid_authToken: { scheme: 'basic', type: 'http' } },
      schemas: {
        map: { type: 'object', properties: { sid: { type: 'string' }, links: { $ref: '#/components/schemas/links' } } },
        links: { type: 'object', properties: { items: { $ref: '#/components/schemas/uri' } } },
        uri: { type: 'string', format: 'uri' },
        document: { type: 'object', properties: { data: {} } },
        unused: { type: 'string' },
      },
    },
    paths: {
      '/v1/Maps': { 'x-twilio': { pathType: 'list' }, get: { tags: ['Map'], responses: { '200': ok('#/components/schemas/map') } } },
      '/v1/Documents': { get: { tags: ['Document'], responses: { '200': ok('#/components/schemas/document') } } },
    },
    tags: [{ name: 'Map' }, { name: 'Document' }],
    security: [{ accountSid_authToken: [] }],
  };
}

describe('trimSpec', () => {
  it('keeps the listed paths as published, the components they reach transitively, and their tags', () => {
    const source = spec();
    const trimmed = trimSpec(source, ['/v1/Maps']);
    expect(Object.keys(trimmed.paths)).toEqual(['/v1/Maps']);
    expect(trimmed.paths['/v1/Maps']).toEqual(source.paths['/v1/Maps']);
    expect(Object.keys(trimmed.components?.schemas ?? {}).sort()).toEqual(['links', 'map', 'uri']);
    expect(trimmed.components?.schemas?.links).toEqual(source.components?.schemas?.links);
    expect(trimmed.components?.securitySchemes).toEqual(source.components?.securitySchemes);
    expect(trimmed.tags).toEqual([{ name: 'Map' }]);
    expect(trimmed.security).toEqual(source.security);
    expect(trimmed.info).toEqual(source.info);
  });

  it('writes paths and keys in the source order, whatever order they are listed in', () => {
    const trimmed = trimSpec(spec(), ['/v1/Documents', '/v1/Maps']);
    expect(Object.keys(trimmed.paths)).toEqual(['/v1/Maps', '/v1/Documents']);
    expect(Object.keys(trimmed)).toEqual(Object.keys(spec()));
  });

  it('refuses a path the spec does not document, and a $ref it cannot follow', () => {
    expect(() => trimSpec(spec(), ['/v1/Maps', '/v1/Nope'])).toThrow('the spec documents no /v1/Nope');
    const dangling = spec();
    dangling.components!.schemas!.map = { $ref: '#/components/schemas/gone' };
    expect(() => trimSpec(dangling, ['/v1/Maps'])).toThrow('dangling $ref #/components/schemas/gone');
    const remote = spec();
    remote.components!.schemas!.map = { $ref: 'other.json#/components/schemas/map' };
    expect(() => trimSpec(remote, ['/v1/Maps'])).toThrow(/unsupported \$ref other\.json/);
  });
});
