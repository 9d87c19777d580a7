// The sandboxed preload (bundled to out/preload/preload.cjs): exposes the LabApi as `window.lab`
// and nothing else; the page never sees ipcRenderer or chooses a channel.
import { contextBridge, ipcRenderer } from 'electron';
import * as z from 'zod';
import { createPreloadApi, forBridge } from './api';

export type { LabApi } from '../../core/protocol/lab-api';
export type { LabErrorData } from './api';

// zod compiles validators with new Function unless told not to; the page's CSP forbids eval.
z.config({ jitless: true });

contextBridge.exposeInMainWorld('lab', forBridge(createPreloadApi(ipcRenderer)));
