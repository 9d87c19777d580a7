import { mount, unmount } from 'svelte';
import { expect, test } from 'vitest';
import App from '../../renderer/App.svelte';

test('the app mounts in a simulated DOM and names itself', () => {
  const target = document.createElement('div');
  const app = mount(App, { target });
  expect(target.querySelector('h1')?.textContent).toBe('Landscape Lab');
  unmount(app);
});
