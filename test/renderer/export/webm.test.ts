// The WebM export driven through fakes of MediaRecorder and canvas capture (jsdom has neither), and the duration patch.
import { describe, expect, it, vi } from 'vitest';
import { blobBytes } from '../../../renderer/export/blob-bytes';
import { exportWebm, playbackFrames, playbackPlan, webmSupport, type RecorderClass } from '../../../renderer/export/webm';
import { withWebmDuration } from '../../../renderer/export/webm-duration';
import { smallView } from './helpers';

/** A minimal WebM: EBML header, a Segment of unknown size (as MediaRecorder streams it), Info (1 ms timecode scale, muxing app), empty Tracks. */
function tinyWebm(extraInfo: number[] = [], segmentSize: number[] = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]): Uint8Array {
  const info = [0x2a, 0xd7, 0xb1, 0x83, 0x0f, 0x42, 0x40, 0x4d, 0x80, 0x84, ...[...'test'].map((c) => c.charCodeAt(0)), ...extraInfo];
  return Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x84, 0x42, 0x86, 0x81, 0x01, 0x18, 0x53, 0x80, 0x67, ...segmentSize, 0x15, 0x49, 0xa9, 0x66, 0x80 | info.length, ...info, 0x16, 0x54, 0xae, 0x6b, 0x80]);
}

/** The Duration (float64) in a WebM written by withWebmDuration, and the Info's size. */
function durationOf(bytes: Uint8Array): { duration: number; infoSize: number } {
  const at = bytes.findIndex((b, i) => b === 0x44 && bytes[i + 1] === 0x89);
  const infoAt = bytes.findIndex((b, i) => b === 0x15 && bytes[i + 1] === 0x49 && bytes[i + 2] === 0xa9);
  const size = bytes[at + 2]! & 0x7f;
  const v = new DataView(bytes.buffer, bytes.byteOffset + at + 3, size);
  return { duration: size === 8 ? v.getFloat64(0) : v.getFloat32(0), infoSize: bytes[infoAt + 4]! & 0x7f };
}

describe('withWebmDuration', () => {
  it('adds a Duration to the Segment Info, in timecode-scale units', () => {
    const bytes = tinyWebm();
    const out = withWebmDuration(bytes, 1234.5);
    expect(out.length).toBe(bytes.length + 11);
    expect(durationOf(out)).toEqual({ duration: 1234.5, infoSize: 14 + 11 });
    // What follows the Info (the Tracks) is unchanged.
    expect(Array.from(out.slice(-5))).toEqual([0x16, 0x54, 0xae, 0x6b, 0x80]);
  });

  it('overwrites a Duration that is there, and grows a Segment of known size', () => {
    const withDuration = tinyWebm([0x44, 0x89, 0x84, 0, 0, 0, 0]);
    expect(durationOf(withWebmDuration(withDuration, 500)).duration).toBe(500);
    const known = tinyWebm([], [0x80 | 24]);
    const out = withWebmDuration(known, 10);
    expect(out[13]).toBe(0x80 | 35);
  });

  it('refuses what is not WebM', () => {
    expect(() => withWebmDuration(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x81, 0]), 1)).toThrow('not a WebM file: it does not start with an EBML header');
    expect(() => withWebmDuration(tinyWebm(), -1)).toThrow('withWebmDuration: the duration must be a non-negative number of milliseconds, got -1');
  });
});

describe('playback frames', () => {
  it('steps through the records, always ending on the last', () => {
    expect(playbackFrames(10, 3)).toEqual([0, 3, 6, 9]);
    expect(playbackFrames(11, 3)).toEqual([0, 3, 6, 9, 10]);
    expect(playbackFrames(1)).toEqual([0]);
    expect(() => playbackFrames(0)).toThrow('a video needs at least 1 record, got 0');
    expect(() => playbackFrames(5, 0)).toThrow('records per frame must be a positive integer, got 0');
  });

  it('plans about the length asked for, at most 30 frames a second', () => {
    expect(playbackPlan(3000, 10)).toEqual({ fps: 30, recordsPerFrame: 10 });
    expect(playbackPlan(301, 10)).toEqual({ fps: 30, recordsPerFrame: 2 });
    expect(playbackPlan(50, 10)).toEqual({ fps: 5, recordsPerFrame: 1 });
    expect(playbackPlan(3, 10)).toEqual({ fps: 1, recordsPerFrame: 1 });
  });
});

/** A fake MediaRecorder: stop() hands over a tiny WebM, then fires stop. */
function fakeRecorder(supported: string[] = ['video/webm;codecs=vp8', 'video/webm']) {
  const made: { stream: MediaStream; options?: MediaRecorderOptions; recorder: Record<string, unknown> }[] = [];
  class Recorder {
    static isTypeSupported = (t: string) => supported.includes(t);
    state: RecordingState = 'inactive';
    ondataavailable: ((e: { data: Blob }) => void) | null = null;
    onstop: (() => void) | null = null;
    onerror: ((e: Event) => void) | null = null;
    constructor(stream: MediaStream, options?: MediaRecorderOptions) {
      made.push({ stream, options, recorder: this as unknown as Record<string, unknown> });
    }
    start() {
      this.state = 'recording';
    }
    stop() {
      this.state = 'inactive';
      setTimeout(() => {
        this.ondataavailable?.({ data: new Blob([tinyWebm() as Uint8Array<ArrayBuffer>]) });
        this.onstop?.();
      });
    }
  }
  return { Recorder: Recorder as unknown as RecorderClass, made };
}

/** The view's canvas with a fake captureStream whose track counts requested frames. */
function capture(canvas: HTMLCanvasElement) {
  const track = { requestFrame: vi.fn(), stop: vi.fn() };
  const captureStream = vi.fn(() => ({ getVideoTracks: () => [track] }) as unknown as MediaStream);
  Object.assign(canvas, { captureStream });
  return { track, captureStream };
}

/** A clock the fake timer moves forward. */
function clock() {
  let t = 0;
  return { now: () => t, wait: vi.fn(async (ms: number) => void (t += ms)) };
}

describe('exportWebm', () => {
  it('draws one frame per group of records, holds the last, restores the playback and returns WebM with its duration', async () => {
    const { view, canvas, renderer } = smallView();
    view.setStep(2);
    const { track, captureStream } = capture(canvas);
    const { Recorder, made } = fakeRecorder();
    const steps: (number | null)[] = [];
    const setStep = view.setStep.bind(view);
    vi.spyOn(view, 'setStep').mockImplementation((k) => (steps.push(k), setStep(k)));
    const progress = vi.fn();
    renderer.render.mockClear();
    const blob = await exportWebm(view, { records: 10, recordsPerFrame: 3, fps: 4, onprogress: progress }, { Recorder, ...clock() });
    expect(captureStream).toHaveBeenCalledWith(0);
    expect(made[0]!.options).toEqual({ mimeType: 'video/webm;codecs=vp8' });
    expect(steps).toEqual([0, 3, 6, 9, 9, 9, 9, 9, 2]);
    expect(renderer.render).toHaveBeenCalledTimes(8);
    expect(track.requestFrame).toHaveBeenCalledTimes(8);
    expect(track.stop).toHaveBeenCalled();
    expect(progress).toHaveBeenLastCalledWith(8, 8);
    expect(view.getStep()).toBe(2);
    expect(blob.type).toBe('video/webm');
    // 8 frames at 4 a second.
    expect(durationOf(await blobBytes(blob)).duration).toBe(2000);
    view.dispose();
  });

  it('stops, restores the playback and rejects when cancelled', async () => {
    const { view, canvas } = smallView();
    capture(canvas);
    const { Recorder, made } = fakeRecorder();
    const controller = new AbortController();
    const onprogress = (done: number) => done === 2 && controller.abort();
    await expect(exportWebm(view, { records: 10, onprogress, signal: controller.signal }, { Recorder, ...clock() })).rejects.toThrow('the video export was cancelled');
    expect(made[0]!.recorder.state).toBe('inactive');
    expect(view.getStep()).toBeNull();
    view.dispose();
  });

  it('says clearly what the browser lacks', async () => {
    const { view, canvas } = smallView();
    expect(webmSupport(undefined)).toEqual({ type: null, reason: 'video export needs MediaRecorder, which this browser lacks' });
    expect(webmSupport(fakeRecorder(['video/mp4']).Recorder)).toEqual({ type: null, reason: 'this browser cannot record WebM video' });
    expect(webmSupport(fakeRecorder().Recorder)).toEqual({ type: 'video/webm;codecs=vp8' });
    await expect(exportWebm(view, { records: 3 }, { Recorder: fakeRecorder([]).Recorder })).rejects.toThrow('this browser cannot record WebM video');
    await expect(exportWebm(view, { records: 3 }, { Recorder: fakeRecorder().Recorder })).rejects.toThrow('video export needs canvas.captureStream, which this browser lacks');
    capture(canvas);
    await expect(exportWebm(view, { records: 3, fps: 60 }, { Recorder: fakeRecorder().Recorder })).rejects.toThrow('fps must be from 0 to 30, got 60');
    view.dispose();
  });
});
