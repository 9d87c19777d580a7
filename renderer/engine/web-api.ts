// The LabApi of the web edition: runs on a Web Worker pool in the page, files through the browser
// (file pickers and downloads), settings in localStorage. The renderer cannot tell it from the desktop's.
import type { ReadText } from '../../core/experiment/resolve';
import { toJson, toJsonChunks } from '../../core/export/json';
import { trajectoryCsvChunks } from '../../core/export/outputs';
import { runJsonChunks } from '../../core/export/run-json';
import { summaryJson } from '../../core/export/summary';
import { MAX_CSV_BYTES, MAX_EXPERIMENT_BYTES } from '../../core/experiment/limits';
import {
  DEFAULT_SETTINGS,
  LabError,
  parseRequest,
  Settings,
  type ExperimentSource,
  type LabApi,
  type OpenedFile,
  type RequestName,
  type RunEventBatch,
} from '../../core/protocol/lab-api';
import { RunManager } from '../../core/protocol/runs';
import { collectBlob } from '../export/collect-blob';
import { downloadBlob } from '../export/download';
import { createWebScheduler } from './web-pool';

const SETTINGS_KEY = 'landscape-lab.settings';

/** Validates a request as the desktop's main process would, so both hosts refuse the same payloads. */
function checked<N extends RequestName>(name: N, payload: unknown) {
  const parsed = parseRequest(name, payload);
  if (!parsed.ok) throw new LabError(parsed.reply.error.kind, parsed.reply.error.message);
  return parsed.value;
}

/** Datasets of a web run come only from the texts the page holds (files the user picked, or bundled ones). */
function inlineDatasets(source: ExperimentSource): ReadText {
  return (path) => {
    const text = source.datasets[path];
    if (text === undefined) throw new Error(`the web edition cannot read ${path} from disk: open it with "Open dataset" first`);
    return text;
  };
}

/** Asks the user for a file; resolves null if they cancel. */
function pickFile(accept: string, limit: number): Promise<OpenedFile | null> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.addEventListener('cancel', () => resolve(null));
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file === undefined) return resolve(null);
      if (file.size > limit) return reject(new LabError('invalid-request', `${file.name} is ${(file.size / 1048576).toFixed(1)} MiB; the limit is ${(limit / 1048576).toFixed(1)} MiB`));
      file.text().then((text) => resolve({ path: file.name, text }), reject);
    });
    input.click();
  });
}

function loadSettings(): Settings {
  try {
    const text = localStorage.getItem(SETTINGS_KEY);
    if (text === null) return { ...DEFAULT_SETTINGS };
    const parsed = Settings.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

/** Creates the web edition's LabApi (one per page). */
export function createWebApi(): LabApi {
  const listeners = new Set<(batch: RunEventBatch) => void>();
  let settings = loadSettings();
  const scheduler = createWebScheduler(settings.workers > 0 ? settings.workers : undefined);
  const timer = { set: (cb: () => void, ms: number) => setTimeout(cb, ms), clear: (h: unknown) => clearTimeout(h as number) };
  const runs = new RunManager(scheduler, timer, (batch) => {
    for (const l of [...listeners]) l(batch);
  });
  return {
    host: 'web',
    validate: async (source) => {
      const s = checked('validate', source);
      return runs.validate(s, inlineDatasets(s));
    },
    start: async (source) => {
      const s = checked('start', source);
      return runs.start(s, inlineDatasets(s));
    },
    pause: async (r) => runs.pause(checked('pause', r).run),
    resume: async (r) => runs.resume(checked('resume', r).run),
    step: async (r) => runs.step(checked('step', r).run),
    cancel: async (r) => runs.cancel(checked('cancel', r).run),
    onRunEvents: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    openExperiment: () => pickFile('.landscape,.json,application/json', MAX_EXPERIMENT_BYTES),
    openRecent: async () => {
      throw new LabError('invalid-request', 'the web edition keeps no recent files: use Open');
    },
    saveExperiment: async (request) => {
      const r = checked('saveExperiment', request);
      const name = r.path === null ? 'experiment.landscape' : (r.path.split(/[\\/]/).pop() ?? 'experiment.landscape');
      downloadBlob(name, new Blob([r.text], { type: 'application/json' }));
      return { path: name };
    },
    openDataset: () => pickFile('.csv,text/csv', MAX_CSV_BYTES),
    saveFile: async (request) => {
      const r = checked('saveFile', request);
      downloadBlob(r.name, new Blob([r.bytes as Uint8Array<ArrayBuffer>]));
      return { path: r.name };
    },
    exportRun: async (request) => {
      const result = runs.result(checked('exportRun', request).run);
      const files: string[] = [];
      // Files are made over several tasks (collectBlob), so the page stays responsive.
      const save = async (name: string, parts: Iterable<string>, type: string) => {
        downloadBlob(name, await collectBlob(parts, type));
        files.push(name);
      };
      await save('trajectories.csv', trajectoryCsvChunks(result.output), 'text/csv');
      await save('run.json', runJsonChunks(result.output), 'application/json');
      await save('summary.json', [summaryJson(result.output)], 'application/json');
      if (result.basins !== null) await save('basins.json', [result.basins], 'application/json');
      if (result.landscape !== null) await save('landscape.json', toJsonChunks(result.landscape), 'application/json');
      return { dir: 'downloads', files };
    },
    getSettings: async () => ({ ...settings }),
    setSettings: async (patch) => {
      settings = { ...settings, ...checked('setSettings', patch) };
      localStorage.setItem(SETTINGS_KEY, toJson(settings));
      return { ...settings };
    },
    onMenu: () => () => {},
  };
}
