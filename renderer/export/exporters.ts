// The exporters the export dialog calls, in one object so tests can pass fakes, and the file names they save under.
import type { LandscapeView } from '../scene/view';
import { exportGlb, GLB_TYPE } from './glb';
import { exportPng } from './png';
import { exportWebm, webmSupport, type WebmOptions } from './webm';

/** What the export dialog needs from the exporters. */
export interface Exporters {
  /** The view as a width × height PNG. */
  png(view: LandscapeView, width: number, height: number): Promise<Blob>;
  /** The view's scene as .glb. */
  glb(view: LandscapeView): Promise<Blob>;
  /** The playback as WebM. */
  webm(view: LandscapeView, options: WebmOptions): Promise<Blob>;
  /** Whether this browser records WebM, and why not. */
  webmSupport(): { type: string } | { type: null; reason: string };
}

/** The real exporters. */
export const EXPORTERS: Exporters = {
  png: (view, width, height) => exportPng(view, width, height),
  glb: async (view) => new Blob([await exportGlb(view)], { type: GLB_TYPE }),
  webm: (view, options) => exportWebm(view, options),
  webmSupport: () => webmSupport(),
};

/** File names: landscape-1920x1080.png, landscape.glb, playback.webm. */
export const fileNames = {
  png: (width: number, height: number) => `landscape-${width}x${height}.png`,
  glb: 'landscape.glb',
  webm: 'playback.webm',
} as const;
