// Entry of the Electron main process (built to out/main/index.cjs): runs the desktop shell around the core.
// Everything with logic lives in the modules runApp() registers, and in main/core.
import { createCore } from '../core/create-core';
import { runApp } from './app-main';

runApp(createCore, { mainDir: __dirname });
