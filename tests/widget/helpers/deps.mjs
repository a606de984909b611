// The browser tests use the widget's pinned npm packages (widget/package-lock.json)
// instead of keeping a second node_modules here.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../../widget/package.json', import.meta.url));

export const { chromium } = require('playwright-core');
export const WebSocket = require('ws');
export const widgetDir = fileURLToPath(new URL('../../../widget/', import.meta.url));
export const widgetDistDir = `${widgetDir}dist`;
