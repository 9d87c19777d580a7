// The renderer's entry: mounts the app on whichever LabApi this window has (the preload's over IPC in
// the desktop app, Web Workers in the web edition).
import './jitless';
import { mount } from 'svelte';
import App from './App.svelte';

mount(App, { target: document.getElementById('app')! });
