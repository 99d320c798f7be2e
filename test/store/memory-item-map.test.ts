import { MemoryItemMap } from '../../src/store';
import { describeItemMap } from './item-map-behaviour';

describeItemMap('MemoryItemMap', async (now) => ({ map: (name) => new MemoryItemMap(name, now) }));
