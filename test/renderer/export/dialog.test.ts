// The export dialog with fake exporters: its controls, and what each choice calls and saves.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ExportDialog from '../../../renderer/export/ExportDialog.svelte';
import type { Exporters } from '../../../renderer/export/exporters';
import type { LandscapeView } from '../../../renderer/scene/view';
import { smallView } from './helpers';

afterEach(cleanup);

function fakes(support: ReturnType<Exporters['webmSupport']> = { type: 'video/webm;codecs=vp9' }) {
  return {
    png: vi.fn(async () => new Blob(['png'], { type: 'image/png' })),
    glb: vi.fn(async () => new Blob(['glb'], { type: 'model/gltf-binary' })),
    webm: vi.fn(async () => new Blob(['webm'], { type: 'video/webm' })),
    webmSupport: vi.fn(() => support),
  } satisfies Exporters;
}

function setup(props: { view?: LandscapeView | null; records?: number; exporters?: Exporters } = {}) {
  const exporters = props.exporters ?? fakes();
  const view = props.view === undefined ? smallView().view : props.view;
  const handlers = { onexportrun: vi.fn(), save: vi.fn(), onclose: vi.fn() };
  render(ExportDialog, { view, records: props.records ?? 300, exporters, ...handlers });
  return { exporters, view, ...handlers };
}

const radio = (name: string) => screen.getByRole('radio', { name }) as HTMLInputElement;
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save' }));

describe('ExportDialog', () => {
  it('offers the run files, an image with a resolution, the 3-D scene and a video', () => {
    setup();
    expect(document.querySelector('.note')).toBeNull();
    expect(screen.getByRole('dialog', { name: 'Export' })).toBeDefined();
    for (const name of ['Trajectories CSV, run JSON and summary', 'Image (PNG)', '3-D scene (.glb)', 'Video (WebM)']) expect(radio(name).disabled).toBe(false);
    expect(radio('Image (PNG)').checked).toBe(true);
    const resolution = screen.getByRole('combobox', { name: 'Resolution' }) as HTMLSelectElement;
    expect(Array.from(resolution.options, (o) => o.value)).toEqual(['1280x720', '1920x1080', '2560x1440', '3840x2160']);
    expect(resolution.value).toBe('1920x1080');
    expect(screen.getByRole('button', { name: 'Save' })).toBeDefined();
  });

  it('saves a PNG at the resolution chosen', async () => {
    const { exporters, view, save: saved } = setup();
    await fireEvent.change(screen.getByRole('combobox', { name: 'Resolution' }), { target: { value: '1280x720' } });
    await fireEvent.change(screen.getByRole('combobox', { name: 'Resolution' }), { target: { value: '1920x1080' } });
    await save();
    await waitFor(() => expect(saved).toHaveBeenCalled());
    expect(exporters.png).toHaveBeenCalledExactlyOnceWith(view, 1920, 1080);
    expect(saved).toHaveBeenCalledWith('landscape-1920x1080.png', expect.any(Blob));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Saved landscape-1920x1080\.png/));
  });

  it('saves the 3-D scene and the video (its length planned from the records)', async () => {
    const { exporters, view, save: saved } = setup({ records: 3000 });
    await fireEvent.click(radio('3-D scene (.glb)'));
    await save();
    await waitFor(() => expect(saved).toHaveBeenCalledWith('landscape.glb', expect.any(Blob)));
    expect(exporters.glb).toHaveBeenCalledWith(view);
    await fireEvent.click(radio('Video (WebM)'));
    await fireEvent.change(screen.getByRole('combobox', { name: 'Length' }), { target: { value: '20' } });
    await save();
    await waitFor(() => expect(saved).toHaveBeenCalledWith('playback.webm', expect.any(Blob)));
    expect(exporters.webm).toHaveBeenCalledWith(view, expect.objectContaining({ records: 3000, fps: 30, recordsPerFrame: 5 }));
  });

  it('hands the run files to the app and closes', async () => {
    const { onexportrun, onclose, save: saved } = setup();
    await fireEvent.click(radio('Trajectories CSV, run JSON and summary'));
    await save();
    await waitFor(() => expect(onclose).toHaveBeenCalled());
    expect(onexportrun).toHaveBeenCalledOnce();
    expect(saved).not.toHaveBeenCalled();
  });

  it('offers only the run files without a view, and says why', () => {
    setup({ view: null });
    expect(radio('Trajectories CSV, run JSON and summary').checked).toBe(true);
    for (const name of ['Image (PNG)', '3-D scene (.glb)', 'Video (WebM)']) expect(radio(name).disabled).toBe(true);
    expect(radio('Image (PNG)').getAttribute('aria-describedby')).toBe('export-scene-note');
    expect(document.getElementById('export-scene-note')!.textContent).toBe('Image and 3-D scene: the 3-D view is not available.');
  });

  it('disables the video where WebM cannot be recorded, naming the reason', async () => {
    setup({ exporters: fakes({ type: null, reason: 'this browser cannot record WebM video' }) });
    expect(radio('Video (WebM)').disabled).toBe(true);
    expect(document.getElementById('export-video-note')!.textContent).toBe('Video: this browser cannot record WebM video.');
    expect(radio('Image (PNG)').disabled).toBe(false);
  });

  it('shows an exporter error and stays open', async () => {
    const exporters = fakes();
    exporters.png.mockRejectedValueOnce(new Error('the graphics driver drew 10 × 10 pixels instead of 3840 × 2160: choose a smaller resolution'));
    const { onclose, save: saved } = setup({ exporters });
    await save();
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Cannot export: the graphics driver drew 10 × 10 pixels instead of 3840 × 2160: choose a smaller resolution'));
    expect(saved).not.toHaveBeenCalled();
    expect(onclose).not.toHaveBeenCalled();
  });

  it('closes with Close or Escape', async () => {
    const { onclose } = setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(onclose).toHaveBeenCalledTimes(2);
  });
});
