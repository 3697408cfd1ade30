import { describeAdapter, loadFixtures } from '@xltv/test-utils';
import adapter from '../src/index.js';

describeAdapter(adapter, loadFixtures(new URL('./fixtures.json', import.meta.url)));
