// The shipped example experiments must stay valid as the format evolves.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJson, resolveExperiment } from '../core/experiment/resolve';
import { ROOT } from './paths';

const dir = join(ROOT, 'examples');

describe('examples/', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  it('holds examples', () => expect(files.length).toBeGreaterThanOrEqual(2));
  it.each(files)('%s is a valid experiment', (file) => {
    const plan = resolveExperiment(parseJson(readFileSync(join(dir, file), 'utf8')), (p) => readFileSync(join(dir, p), 'utf8'));
    expect(plan.variants.length).toBeGreaterThan(0);
  });
});
