import { asError } from '../support/emulator-http';
import { asItemList, emulatorPerFile, pathOf } from './helpers';

const env = emulatorPerFile();
const KEYS = Array.from({ length: 250 }, (_, i) => `k${String(i).padStart(3, '0')}`);

beforeAll(async () => {
  await env.sync.createMap('big');
  // Created out of order, so any ordering seen in lists comes from the emulator sorting.
  const shuffled = [...KEYS].sort((a, b) => Number(b.slice(1)) % 7 - Number(a.slice(1)) % 7 || b.localeCompare(a));
  for (let i = 0; i < shuffled.length; i += 25) {
    const batch = shuffled.slice(i, i + 25).map((key) => env.sync.createItem('big', key, { key }));
    for (const result of await Promise.all(batch)) expect(result.status).toBe(201);
  }
});

const keysOf = (pages: Array<{ items: Array<{ key: string }> }>): string[] =>
  pages.flatMap((page) => page.items.map((item) => item.key));

describe('listing map items', () => {
  it('pages 250 items with PageSize 100 over 3 pages in key order, following next_page_url', async () => {
    const pages = await env.sync.listAllPages('big', { PageSize: '100' });
    expect(pages.map((p) => p.items.length)).toEqual([100, 100, 50]);
    expect(pages.map((p) => p.meta.page)).toEqual([0, 1, 2]);
    expect(keysOf(pages)).toEqual(KEYS);
    const [first, , last] = pages;
    expect(first?.meta).toMatchObject({ key: 'items', page_size: 100, previous_page_url: null });
    expect(first?.meta.next_page_url).toContain('PageToken=');
    expect(first?.meta.next_page_url?.startsWith(env.emulator.url)).toBe(true);
    expect(last?.meta.next_page_url).toBeNull();
  });

  it('uses 50 as the default page size', async () => {
    const page = asItemList(await env.sync.listItems('big'));
    expect(page.items).toHaveLength(50);
    expect(page.meta.page_size).toBe(50);
  });

  it('goes back with previous_page_url', async () => {
    const [, second] = await env.sync.listAllPages('big', { PageSize: '100' });
    const previous = asItemList(await env.sync.call('GET', pathOf(second?.meta.previous_page_url ?? 'http://missing')));
    expect(previous.items.map((i) => i.key)).toEqual(KEYS.slice(0, 100));
    expect(previous.meta.page).toBe(0);
  });

  it('lists in descending order', async () => {
    const pages = await env.sync.listAllPages('big', { PageSize: '100', Order: 'desc' });
    expect(keysOf(pages)).toEqual([...KEYS].reverse());
  });

  it('starts at From, inclusive by default, exclusive on request, in either order', async () => {
    const firstKey = async (query: Record<string, string>): Promise<string[]> =>
      asItemList(await env.sync.listItems('big', { PageSize: '3', ...query })).items.map((i) => i.key);
    expect(await firstKey({ From: 'k100' })).toEqual(['k100', 'k101', 'k102']);
    expect(await firstKey({ From: 'k100', Bounds: 'exclusive' })).toEqual(['k101', 'k102', 'k103']);
    expect(await firstKey({ From: 'k100', Order: 'desc' })).toEqual(['k100', 'k099', 'k098']);
    expect(await firstKey({ From: 'k100', Order: 'desc', Bounds: 'exclusive' })).toEqual(['k099', 'k098', 'k097']);
    // A From key that does not exist starts at the next key in order.
    expect(await firstKey({ From: 'k100a' })).toEqual(['k101', 'k102', 'k103']);
  });

  it('keeps From, Bounds and Order on the next page', async () => {
    const query = { PageSize: '100', From: 'k200', Bounds: 'exclusive', Order: 'desc' };
    const pages = await env.sync.listAllPages('big', query);
    expect(keysOf(pages)).toEqual(KEYS.slice(0, 200).reverse());
  });

  it('continues after the last key seen even when items change between pages', async () => {
    const first = asItemList(await env.sync.listItems('big', { PageSize: '100' }));
    await env.sync.deleteItem('big', 'k100');
    await env.sync.createItem('big', 'k050x', {});
    const second = asItemList(await env.sync.call('GET', pathOf(first.meta.next_page_url ?? 'http://missing')));
    expect(second.items[0]?.key).toBe('k101');
    await env.sync.deleteItem('big', 'k050x');
    await env.sync.createItem('big', 'k100', { key: 'k100' });
  });

  it('rejects PageSize above 100 (20007) and other bad paging parameters (20001)', async () => {
    const tooBig = await env.sync.listItems('big', { PageSize: '101' });
    expect(tooBig.status).toBe(400);
    expect(asError(tooBig)).toMatchObject({ code: 20007, message: expect.stringContaining('100') });
    const badQueries: Array<Record<string, string>> = [
      { PageSize: '0' },
      { PageSize: 'ten' },
      { Order: 'random' },
      { Bounds: 'open' },
      { PageToken: 'bogus' },
    ];
    for (const query of badQueries) {
      const result = await env.sync.listItems('big', query);
      expect(result.status).toBe(400);
      expect(asError(result).code).toBe(20001);
    }
  });
});
