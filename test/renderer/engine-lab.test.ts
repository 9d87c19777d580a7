import { describe, expect, it } from 'vitest';
import { LabError, type LabApi } from '../../core/protocol/lab-api';
import { reviveError, withRevivedErrors } from '../../renderer/engine/lab';

describe('the desktop bridge wrapper', () => {
  it('rebuilds a LabError, with kind and problems, from the plain data the bridge rejects with', async () => {
    const data = { name: 'LabError', kind: 'experiment', message: 'restarts: expected >= 1', problems: [{ path: 'restarts', message: 'expected >= 1' }] };
    const bridge = { host: 'desktop', start: () => Promise.reject(data), onRunEvents: () => () => {}, onMenu: () => () => {} } as unknown as LabApi;
    const error = await withRevivedErrors(bridge)
      .start({ text: '{}', path: null, datasets: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    expect(error).toMatchObject({ kind: 'experiment', message: 'restarts: expected >= 1', problems: [{ path: 'restarts' }] });
  });

  it('leaves other rejections and subscriptions alone', () => {
    const plain = new Error('boom');
    expect(reviveError(plain)).toBe(plain);
    expect(reviveError('text')).toBe('text');
    const unsubscribe = () => {};
    const bridge = { host: 'desktop', onRunEvents: () => unsubscribe, onMenu: () => unsubscribe } as unknown as LabApi;
    expect(withRevivedErrors(bridge).onRunEvents(() => {})).toBe(unsubscribe);
  });
});
