// The playback as a WebM video: the view's canvas captured frame by frame (captureStream and
// MediaRecorder) while the paths are stepped through their records, one frame per group of records.
import type { LandscapeView } from '../scene/view';
import { blobBytes } from './blob-bytes';
import { withWebmDuration } from './webm-duration';

/** The media types tried, best first. */
export const WEBM_TYPES = ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm'] as const;

/** Most frames a second a video is paced at. */
export const MAX_FPS = 30;

/** The part of the MediaRecorder constructor the export uses (tests pass a fake). */
export interface RecorderClass {
  new (stream: MediaStream, options?: MediaRecorderOptions): MediaRecorder;
  isTypeSupported(type: string): boolean;
}

/** How a video is recorded. */
export interface WebmOptions {
  /** Records in the playback (the longest path's record count); at least 1. */
  records: number;
  /** Frames a second (default 30, at most 30). */
  fps?: number;
  /** Records advanced per frame: the speed (default 1). */
  recordsPerFrame?: number;
  /** How long the last frame stays, in seconds (default 1). */
  holdSeconds?: number;
  /** Called after each frame with the frames done and the total. */
  onprogress?: (done: number, total: number) => void;
  /** Aborting it stops the recording, which then rejects. */
  signal?: AbortSignal;
}

/** What exportWebm can be given instead of the browser's: the recorder class, a clock and a timer. */
export interface WebmDeps {
  Recorder?: RecorderClass;
  now?: () => number;
  wait?: (ms: number) => Promise<void>;
}

/** The WebM type this browser records (null when it cannot), with the reason it cannot. */
export function webmSupport(Recorder: RecorderClass | undefined = globalThis.MediaRecorder): { type: string } | { type: null; reason: string } {
  if (!Recorder) return { type: null, reason: 'video export needs MediaRecorder, which this browser lacks' };
  const type = WEBM_TYPES.find((t) => Recorder.isTypeSupported(t));
  return type ? { type } : { type: null, reason: 'this browser cannot record WebM video' };
}

/** The record shown in each frame: 0, r, 2r, … and always the last record (records − 1) at the end. */
export function playbackFrames(records: number, recordsPerFrame = 1): number[] {
  if (!(Number.isInteger(records) && records >= 1)) throw new Error(`a video needs at least 1 record, got ${records}`);
  if (!(Number.isInteger(recordsPerFrame) && recordsPerFrame >= 1)) throw new Error(`records per frame must be a positive integer, got ${recordsPerFrame}`);
  const out: number[] = [];
  for (let k = 0; k < records - 1; k += recordsPerFrame) out.push(k);
  out.push(records - 1);
  return out;
}

/** Frame rate and records per frame for a playback of `records` lasting about `seconds` (shorter when there are few records). */
export function playbackPlan(records: number, seconds: number): { fps: number; recordsPerFrame: number } {
  if (!(Number.isFinite(seconds) && seconds > 0)) throw new Error(`the video length must be a positive number of seconds, got ${seconds}`);
  if (records >= MAX_FPS * seconds) return { fps: MAX_FPS, recordsPerFrame: Math.ceil(records / (MAX_FPS * seconds)) };
  return { fps: Math.max(1, Math.round(records / seconds)), recordsPerFrame: 1 };
}

/**
 * Records the playback on the view's canvas as a WebM Blob: each frame sets the view to one record
 * and draws it, paced at `fps` in real time (a frame that takes longer to draw lasts longer). The
 * view's playback record is restored afterwards. The video has the canvas's pixel size.
 */
export async function exportWebm(view: LandscapeView, options: WebmOptions, deps: WebmDeps = {}): Promise<Blob> {
  const fps = options.fps ?? MAX_FPS;
  if (!(Number.isFinite(fps) && fps > 0 && fps <= MAX_FPS)) throw new Error(`fps must be from 0 to ${MAX_FPS}, got ${fps}`);
  const frames = playbackFrames(options.records, options.recordsPerFrame ?? 1);
  const hold = Math.round((options.holdSeconds ?? 1) * fps);
  const total = frames.length + hold;
  const Recorder = deps.Recorder ?? globalThis.MediaRecorder;
  const support = webmSupport(Recorder);
  if (support.type === null) throw new Error(support.reason);
  const canvas = view.canvas;
  if (typeof canvas.captureStream !== 'function') throw new Error('video export needs canvas.captureStream, which this browser lacks');
  const now = deps.now ?? (() => performance.now());
  const wait = deps.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  // Frame rate 0 with requestFrame: exactly one video frame per drawn step; else the browser samples at fps.
  let stream = canvas.captureStream(0);
  let track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack | undefined;
  if (typeof track?.requestFrame !== 'function') {
    track?.stop();
    stream = canvas.captureStream(fps);
    track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack | undefined;
  }
  const recorder = new Recorder(stream, { mimeType: support.type });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  const stopped = new Promise<void>((resolve, reject) => {
    recorder.onstop = () => resolve();
    recorder.onerror = (e) => reject(new Error(`the video recorder failed: ${(e as Event & { error?: Error }).error?.message ?? 'unknown error'}`));
  });
  const before = view.getStep();
  const start = now();
  let end = start;
  recorder.start();
  try {
    for (let i = 0; i < total; i++) {
      if (options.signal?.aborted) throw new Error('the video export was cancelled');
      view.setStep(frames[Math.min(i, frames.length - 1)]!);
      view.render();
      track?.requestFrame?.();
      options.onprogress?.(i + 1, total);
      await wait(Math.max(0, start + ((i + 1) * 1000) / fps - now()));
    }
  } finally {
    end = now();
    if (recorder.state !== 'inactive') recorder.stop();
    track?.stop();
    view.setStep(before);
  }
  await stopped;
  const video = await blobBytes(new Blob(chunks));
  let fixed: Uint8Array<ArrayBuffer> = video;
  try {
    fixed = withWebmDuration(video, end - start);
  } catch {
    // A file this code does not understand still plays; it only lacks its length.
  }
  return new Blob([fixed], { type: 'video/webm' });
}
